using Portal.Core.Health;
using Portal.Core.Services;
using Portal.Core.Tables;
using Portal.Core.Topology;
using Portal.Core.Traffic;

namespace Portal.Core.Status;

/// <summary>What the portal's own probe of a regional endpoint's health route saw.</summary>
/// <param name="StatusCode">HTTP status, or null when nothing answered.</param>
/// <param name="Detail">The failure ("connection refused", "timed out after 5 s") or the region/image the endpoint reported.</param>
public sealed record ProbeResult(string Url, int? StatusCode, double LatencyMs, string Detail)
{
    public bool Healthy => StatusCode is >= 200 and < 300;
}

/// <summary>DynamoDB replication latency from this region to another: now (latest minute) and p99 over the last hour.</summary>
public sealed record ReplicationLag(string ToRegion, double? NowMs, double? P99HourMs);

/// <summary>The latest minute of a region's service metrics (null where CloudWatch has no datapoint yet).</summary>
public sealed record MetricsSummary(
    DateTimeOffset? Minute,
    double? RequestsPerMinute,
    double? Rate4xx,
    double? Rate5xx,
    double? LatencyP50Ms,
    double? LatencyP99Ms,
    double? ActiveInstances,
    double? CpuPercent,
    double? MemoryPercent);


/// <summary>One region of one environment as the collector last saw it, with its verdict.</summary>
public sealed record RegionStatus(
    RegionTopology Topology,
    Observed<ServiceState> Service,
    Observed<IReadOnlyList<ServiceOperation>> Operations,
    Observed<HealthCheckStatus> HealthCheck,
    Observed<WeightedRecord> Record,
    Observed<ProbeResult> Probe,
    Observed<ReplicaState> Replica,
    Observed<IReadOnlyList<ReplicationLag>> Lag,
    Observed<MetricsSummary> Metrics)
{
    public static RegionStatus Unobserved(RegionTopology topology) => new(
        topology,
        Observed<ServiceState>.None,
        Observed<IReadOnlyList<ServiceOperation>>.None,
        Observed<HealthCheckStatus>.None,
        Observed<WeightedRecord>.None,
        Observed<ProbeResult>.None,
        Observed<ReplicaState>.None,
        Observed<IReadOnlyList<ReplicationLag>>.None,
        Observed<MetricsSummary>.None);

    public string Region => Topology.Region;

    /// <summary>The share of the environment's traffic Route 53 sends here now (0-1), from all weights and health; null while unknown.</summary>
    public double? TrafficShare { get; init; }

    /// <summary>Route 53's verdict as published to CloudWatch (read for the whole fleet in one GetMetricData), beside the checkers' detail.</summary>
    public Observed<HealthMetric> HealthMetric { get; init; } = Observed<HealthMetric>.None;

    /// <summary>Route 53's verdict as shown, with its source (checkers' detail or CloudWatch) and age, judged with the verdict; null while neither was
    /// read.</summary>
    public RouteHealth? RouteHealth { get; init; }

    public RegionVerdict Verdict { get; init; } = new(VerdictLevel.Unknown, "No data yet.", []);

    /// <summary>Every read shown stale, by <see cref="Staleness"/>'s one definition, judged with the verdict.</summary>
    public IReadOnlyList<StaleRead> Stale { get; init; } = [];

    public StaleRead? StaleOf(StatusRead read) => Stale.FirstOrDefault(s => s.Read == read);

    public ServiceOperation? LatestOperation => Operations.Value?.FirstOrDefault();
}
