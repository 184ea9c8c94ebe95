using Portal.Core.Time;

namespace Portal.Core.Status;

/// <summary>The reads a region's card shows, each of which can go stale on its own.</summary>
public enum StatusRead
{
    AppRunner,
    Operations,
    HealthCheck,
    Weights,
    GlobalTable,
    ReplicationLag,
    Metrics,
    Probe,
}

/// <summary>One read shown stale: what, when its value was last read (null: never), and the latest read's error if it failed.</summary>
public sealed record StaleRead(StatusRead Read, string What, DateTimeOffset? LastRead, string? Error)
{
    /// <summary>"stale: last read 2 min ago (ThrottlingException)", as the card, the region page and the JSON all say it.</summary>
    public string Describe(DateTimeOffset now) =>
        $"stale: {(LastRead is { } at ? $"last read {Ago.Format(at, now)}" : "never read")}{(Error is null ? "" : $" ({Error})")}";
}

/// <summary>
/// The one definition of "stale", for the verdict, every view and the API: a read whose latest attempt failed, or whose
/// value is older than the configured StaleAfter. A read never attempted yet is "not read yet", not stale.
/// </summary>
public static class Staleness
{
    public static bool IsStale<T>(Observed<T> observed, DateTimeOffset now, TimeSpan staleAfter) where T : class =>
        observed.Error is not null || (observed.ObservedAt is { } at && now - at > staleAfter);

    public static IReadOnlyList<StaleRead> Of(RegionStatus region, DateTimeOffset now, VerdictThresholds limits)
    {
        var stale = new List<StaleRead>();
        void Add<T>(StatusRead read, string what, Observed<T> observed) where T : class
        {
            var after = read switch
            {
                StatusRead.ReplicationLag or StatusRead.Metrics => limits.MetricsStaleAfter,
                StatusRead.HealthCheck => limits.CheckersStale,
                _ => limits.StaleAfter,
            };
            if (IsStale(observed, now, after)) stale.Add(new StaleRead(read, what, observed.ObservedAt, observed.Error));
        }
        Add(StatusRead.AppRunner, "App Runner", region.Service);
        Add(StatusRead.Operations, "App Runner operations", region.Operations);
        Add(StatusRead.HealthCheck, "Route 53 health check", region.HealthCheck);
        Add(StatusRead.Weights, "Route 53 weights", region.Record);
        Add(StatusRead.GlobalTable, "DynamoDB global table", region.Replica);
        Add(StatusRead.ReplicationLag, "DynamoDB replication lag", region.Lag);
        Add(StatusRead.Metrics, "CloudWatch metrics", region.Metrics);
        Add(StatusRead.Probe, "the portal's probe", region.Probe);
        return stale;
    }
}
