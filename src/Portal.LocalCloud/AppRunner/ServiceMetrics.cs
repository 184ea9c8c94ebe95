using Portal.LocalCloud.CloudWatch;
using Portal.LocalCloud.World;

namespace Portal.LocalCloud.AppRunner;

/// <summary>AWS/AppRunner metric keys of a service (dimensions ServiceName and ServiceID, in the service's region).</summary>
public static class ServiceMetrics
{
    public const string Namespace = "AWS/AppRunner";

    public static MetricKey Key(AppRunnerService service, string metricName) =>
        new(service.Region, Namespace, metricName, [new Dimension("ServiceName", service.Name), new Dimension("ServiceID", service.Id)]);

    /// <summary>Records one served request the way App Runner's metrics count it.</summary>
    public static void RecordRequest(MetricStore store, AppRunnerService service, int statusCode, double latencyMs, DateTimeOffset at)
    {
        store.Record(Key(service, "Requests"), 1, at);
        store.Record(Key(service, "2xxStatusResponses"), statusCode is >= 200 and < 300 ? 1 : 0, at);
        store.Record(Key(service, "4xxStatusResponses"), statusCode is >= 400 and < 500 ? 1 : 0, at);
        store.Record(Key(service, "5xxStatusResponses"), statusCode >= 500 ? 1 : 0, at);
        store.Record(Key(service, "RequestLatency"), latencyMs, at);
    }
}
