using Portal.Core.Metrics;
using Portal.Core.Topology;

namespace Portal.Core.Status;

/// <summary>The series the dashboard charts for each region's service, as CloudWatch names them.</summary>
public static class DashboardMetrics
{
    public static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    public sealed record Definition(string Key, string MetricName, string Stat);

    public static readonly IReadOnlyList<Definition> Service =
    [
        new("requests", "Requests", "Sum"),
        new("http2xx", "2xxStatusResponses", "Sum"),
        new("http4xx", "4xxStatusResponses", "Sum"),
        new("http5xx", "5xxStatusResponses", "Sum"),
        new("latencyP50", "RequestLatency", "p50"),
        new("latencyP99", "RequestLatency", "p99"),
        new("instances", "ActiveInstances", "Maximum"),
        new("cpu", "CPUUtilization", "Average"),
        new("memory", "MemoryUtilization", "Average"),
    ];

    /// <summary>Replication latency from the source region (where DynamoDB emits it) to <c>toRegion</c>.</summary>
    public const string ReplicationKey = "replication";

    public static MetricQuery ServiceQuery(string id, RegionTopology region, Definition metric) =>
        new(id, "AWS/AppRunner", metric.MetricName,
            [new("ServiceName", region.ServiceName ?? ""), new("ServiceID", region.ServiceId ?? "")],
            metric.Stat, Minute);

    public static MetricQuery ReplicationQuery(string id, string tableName, string toRegion, string stat, TimeSpan period) =>
        new(id, "AWS/DynamoDB", "ReplicationLatency", [new("TableName", tableName), new("ReceivingRegion", toRegion)], stat, period);
}
