using System.Diagnostics.Metrics;
using Portal.Core.Status;

namespace Portal.Telemetry;

/// <summary>
/// How old each kind of value on the status board is, per environment and region: the collector's freshness, read
/// when the metrics are collected (so a stalled collector shows as growing ages, not as the last good reading).
/// Its meter comes from the host's IMeterFactory, because it reads this host's board.
/// </summary>
public sealed class CollectorFreshnessMetrics
{
    public const string MeterName = "Portal.Status";

    public CollectorFreshnessMetrics(IMeterFactory meters, StatusBoard board, TimeProvider time)
    {
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("portal.collector.value_age", () => Observe(board, time.GetUtcNow()), "s",
            "Seconds since each kind of value was last read successfully from AWS (absent until the first success).");
    }

    public static IEnumerable<Measurement<double>> Observe(StatusBoard board, DateTimeOffset now)
    {
        foreach (var env in board.Current.Environments)
            foreach (var region in env.Regions)
                foreach (var (kind, observedAt) in Kinds(region))
                    if (observedAt is { } at)
                        yield return new Measurement<double>(Math.Max(0, (now - at).TotalSeconds),
                            new KeyValuePair<string, object?>("portal.environment", env.Name),
                            new KeyValuePair<string, object?>("cloud.region", region.Region),
                            new KeyValuePair<string, object?>("portal.value", kind));
    }

    private static IEnumerable<(string Kind, DateTimeOffset? ObservedAt)> Kinds(RegionStatus r) =>
    [
        ("service", r.Service.ObservedAt),
        ("operations", r.Operations.ObservedAt),
        ("health_check", r.HealthCheck.ObservedAt),
        ("weighted_record", r.Record.ObservedAt),
        ("probe", r.Probe.ObservedAt),
        ("replica", r.Replica.ObservedAt),
        ("replication_lag", r.Lag.ObservedAt),
        ("metrics", r.Metrics.ObservedAt),
    ];
}
