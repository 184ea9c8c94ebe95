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

    /// <summary>
    /// The query for one chart series of a region's service. App Runner publishes each under AWS/AppRunner; an ECS Express
    /// service's come from its load balancer (AWS/ApplicationELB) and its ECS service (AWS/ECS), mapped in <see cref="ExpressMetric"/>.
    /// </summary>
    public static MetricQuery ServiceQuery(string id, RegionTopology region, Definition metric)
    {
        if (region.Runtime != RegionRuntime.EcsExpress)
            return new(id, "AWS/AppRunner", metric.MetricName,
                [new("ServiceName", region.ServiceName ?? ""), new("ServiceID", region.ServiceId ?? "")],
                metric.Stat, Minute);
        var express = ExpressMetric(metric);
        IReadOnlyList<MetricDimension> dimensions = express.Namespace == "AWS/ECS"
            ? [new("ClusterName", region.ClusterName ?? ""), new("ServiceName", region.ServiceName ?? "")]
            : [new("LoadBalancer", region.LoadBalancer ?? ""), new("TargetGroup", region.TargetGroup ?? "")];
        return new(id, express.Namespace, express.MetricName, dimensions, metric.Stat, Minute, express.Scale);
    }

    /// <summary>An App Runner metric's counterpart for ECS Express, and how its meaning differs (shown beside the charts).</summary>
    public sealed record Counterpart(string Namespace, string MetricName, double Scale, string? Difference);

    /// <summary>
    /// App Runner's metric names mapped to ECS Express's. Where the meaning differs the <see cref="Counterpart.Difference"/>
    /// says how: the load balancer counts what its targets answered, its response time is in seconds (converted to ms),
    /// and there is no count of busy instances, only of healthy targets.
    /// </summary>
    public static Counterpart ExpressMetric(Definition metric) => metric.MetricName switch
    {
        "Requests" => new("AWS/ApplicationELB", "RequestCount", 1, "requests the load balancer routed to the service's targets"),
        "2xxStatusResponses" => new("AWS/ApplicationELB", "HTTPCode_Target_2XX_Count", 1, "2xx answered by the targets"),
        "4xxStatusResponses" => new("AWS/ApplicationELB", "HTTPCode_Target_4XX_Count", 1,
            "4xx answered by the targets (the load balancer's own 4xx are not counted)"),
        "5xxStatusResponses" => new("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", 1,
            "5xx answered by the targets; the load balancer's own 502/503/504 (no healthy target) are HTTPCode_ELB_5XX_Count and not counted"),
        "RequestLatency" => new("AWS/ApplicationELB", "TargetResponseTime", 1000,
            "TargetResponseTime, from the load balancer sending the request to the target's first response byte; published in seconds, charted in ms like " +
            "App Runner's RequestLatency"),
        "ActiveInstances" => new("AWS/ApplicationELB", "HealthyHostCount", 1,
            "healthy tasks registered with the target group, not App Runner's active instances"),
        "CPUUtilization" => new("AWS/ECS", "CPUUtilization", 1, null),
        "MemoryUtilization" => new("AWS/ECS", "MemoryUtilization", 1, null),
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric.MetricName, "No ECS Express counterpart is defined for this metric."),
    };

    public static MetricQuery ReplicationQuery(string id, string tableName, string toRegion, string stat, TimeSpan period) =>
        new(id, "AWS/DynamoDB", "ReplicationLatency", [new("TableName", tableName), new("ReceivingRegion", toRegion)], stat, period);
}
