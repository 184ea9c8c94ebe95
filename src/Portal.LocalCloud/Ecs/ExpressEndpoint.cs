using System.Diagnostics;
using Portal.LocalCloud.CloudWatch;
using Portal.LocalCloud.Faults;
using Portal.LocalCloud.World;

namespace Portal.LocalCloud.Ecs;

/// <summary>
/// The Application Load Balancer in front of an Express service, as a real loopback HTTP endpoint: it
/// forwards to the current revision's tasks (the simulated web app), and a region outage drops the
/// connection. Every request feeds the AWS/ApplicationELB metrics as the ALB publishes them.
/// </summary>
public sealed class ExpressEndpoint(CloudWorld world, FaultState faults, MetricStore metrics, SimClock clock)
{
    public const string AlbNamespace = "AWS/ApplicationELB";

    public async Task HandleAsync(ExpressGatewayService service, HttpContext http)
    {
        if (faults.IsRegionDown(service.Region))
        {
            http.Abort();
            return;
        }

        ExpressRevision revision;
        lock (world.Gate) revision = service.CurrentRevision;

        var started = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref service.InFlight);
        int statusCode;
        try
        {
            statusCode = await SimulatedWebApp.ServeAsync(service.Region, service.Name, revision.Image, revision.HealthCheckPath, misconfigured: null, http);
        }
        finally
        {
            Interlocked.Decrement(ref service.InFlight);
        }
        Record(service, statusCode, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    public static MetricKey Key(ExpressGatewayService service, string metricName) =>
        new(service.Region, AlbNamespace, metricName, [new Dimension("LoadBalancer", service.LoadBalancerDimension),
            new Dimension("TargetGroup", service.TargetGroupDimension)]);

    // The ALB counts 5XX answered by targets separately from its own; TargetResponseTime is in seconds.
    private void Record(ExpressGatewayService service, int statusCode, double seconds)
    {
        var now = clock.Now;
        metrics.Record(Key(service, "RequestCount"), 1, now);
        metrics.Record(Key(service, "HTTPCode_Target_2XX_Count"), statusCode is >= 200 and < 300 ? 1 : 0, now);
        metrics.Record(Key(service, "HTTPCode_Target_5XX_Count"), statusCode >= 500 ? 1 : 0, now);
        metrics.Record(Key(service, "TargetResponseTime"), seconds, now);
    }
}
