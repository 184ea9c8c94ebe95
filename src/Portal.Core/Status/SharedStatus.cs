namespace Portal.Core.Status;

/// <summary>One chart point the collector added, changed or dropped (<see cref="Value"/> null) in its metric history.</summary>
public sealed record MetricChange(string Environment, string Region, string Series, DateTimeOffset At, double? Value);

/// <summary>One region as the collector holds it, and the latest Route 53 sample of it (for "checkers over time").</summary>
public sealed record SharedRegion(string Environment, RegionStatus Status, HealthSample? LatestHealth);

/// <summary>What the collecting instance hands the others after a refresh: every region's facts, and the chart points that changed.</summary>
public sealed record SharedSnapshot(string CollectedBy, DateTimeOffset PublishedAt, IReadOnlyList<SharedRegion> Regions,
    IReadOnlyList<MetricChange> MetricChanges)
{
    /// <summary>
    /// What AWS's throttling did to the collector's reads, as its board says it: the other instances make no AWS calls,
    /// so they show the collector's lines (a throttled read is never silent, on whichever instance one looks).
    /// </summary>
    public IReadOnlyList<string> Throttling { get; init; } = [];
}

/// <summary>What another instance finds newer than the version it has: the latest regions (null if unchanged) and the chart points since.</summary>
public sealed record SharedUpdate(long Version, string CollectedBy, DateTimeOffset PublishedAt, IReadOnlyList<SharedRegion>? Regions,
    IReadOnlyList<MetricChange> MetricChanges)
{
    /// <summary>The collector's throttling lines as of <see cref="Version"/> (<see cref="SharedSnapshot.Throttling"/>).</summary>
    public IReadOnlyList<string> Throttling { get; init; } = [];
}

/// <summary>
/// Where the collecting instance publishes its snapshots and the other instances of the cluster read them, so that
/// only one of them reads AWS and every viewer, on whichever instance, sees the same facts.
/// </summary>
public interface IStatusShare
{
    /// <summary>
    /// Publishes <paramref name="snapshot"/> unless <paramref name="owner"/> no longer holds the collector's lease under
    /// <paramref name="generation"/> (a former holder's late write is refused). Returns the new version, or null when refused.
    /// </summary>
    Task<long?> PublishAsync(SharedSnapshot snapshot, string owner, long generation, CancellationToken ct = default);

    /// <summary>What was published after <paramref name="version"/>, or null when nothing was.</summary>
    Task<SharedUpdate?> ReadSinceAsync(long version, CancellationToken ct = default);

    /// <summary>Returns when something is published (or after <paramref name="atMost"/>, or at once if the store cannot tell).</summary>
    Task WaitForPublishAsync(TimeSpan atMost, CancellationToken ct = default);
}
