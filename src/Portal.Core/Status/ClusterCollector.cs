namespace Portal.Core.Status;

/// <summary>
/// One collector per cluster: the instance holding the collector's lease reads AWS and publishes what it read; every
/// other instance reads AWS never and takes the published facts instead, judging their age on its own clock, so a
/// dead collector shows as facts growing stale until another instance takes the lease over. A single instance (no
/// shared database) holds the lease always.
/// </summary>
/// <param name="refreshInterval">How often an environment is read when the budgets allow.</param>
public sealed class ClusterCollector(StatusCollector collector, CollectorLeadership leadership, IStatusShare share, ReadSchedule schedule,
    TimeSpan refreshInterval, TimeProvider time)
{
    private readonly SemaphoreSlim _follow = new(1, 1);
    private long _version;
    private string? _publishedBy;
    private DateTimeOffset? _publishedAt;
    private DateTimeOffset _boardAt = DateTimeOffset.MinValue;
    private TimeSpan? _stretchedTo;
    private TimeSpan? _checkersEvery;
    private IReadOnlyList<string> _throttling = [];
    private IReadOnlyList<string> _publishedThrottling = [];

    public CollectorLeadership Leadership => leadership;

    public ReadSchedule Schedule => schedule;

    /// <summary>
    /// As the collector, reads the environments the budgets allow on this tick (the fast reads: service, operations,
    /// checkers, weights, replicas, probes) and publishes them; with nothing due, re-judges the board once per refresh
    /// interval so the ages shown keep growing. Nothing on a follower: it follows the publishes.
    /// </summary>
    public async Task RefreshStateAsync(CancellationToken ct)
    {
        if (!leadership.IsLeader) return;
        var environments = collector.Environments;
        Stretch(environments);
        var due = await schedule.DueAsync(environments, ct);
        if (due.Count > 0) await CollectAsync(term => collector.RefreshAsync(due, term), ct);
        else if (time.GetUtcNow() - _boardAt >= refreshInterval) Republish();
    }

    /// <summary>CloudWatch's reads as the collector, each region within its budget; a follower gets the chart points with the state.</summary>
    public Task RefreshMetricsAsync(CancellationToken ct) =>
        leadership.IsLeader ? CollectAsync(term => collector.RefreshMetricsAsync(schedule.MayReadMetrics, term), ct) : Task.CompletedTask;

    /// <summary>Route 53's verdict for every health check from CloudWatch as the collector, within CloudWatch's us-east-1 budget.</summary>
    public Task RefreshHealthMetricsAsync(CancellationToken ct) =>
        leadership.IsLeader ? CollectAsync(term => collector.RefreshHealthMetricsAsync(schedule.MayReadHealthMetrics, term), ct) : Task.CompletedTask;

    /// <summary>Takes or renews the lease; the board names the new collector at once when this instance gains or loses it.</summary>
    public async Task RenewAsync(CancellationToken ct)
    {
        var was = leadership.IsLeader;
        var now = await leadership.RenewAsync(ct);
        if (now != was) collector.CollectedBy(Describe());
    }

    /// <summary>Takes what the collecting instance published since this one last looked, and republishes the board on this instance's clock.</summary>
    public async Task FollowAsync(CancellationToken ct)
    {
        if (leadership.IsLeader) return;
        await _follow.WaitAsync(ct);
        try
        {
            if (leadership.IsLeader) return;
            Stretch(collector.Environments);
            if (await share.ReadSinceAsync(_version, ct) is { } update)
            {
                _version = update.Version;
                _publishedBy = update.CollectedBy;
                _publishedAt = update.PublishedAt;
                _publishedThrottling = update.Throttling;
                collector.CollectedBy(Describe());
                collector.Adopt(update);
                _boardAt = time.GetUtcNow();
            }
            else Republish();
        }
        finally
        {
            _follow.Release();
        }
    }

    private void Stretch(IReadOnlyList<Topology.EnvironmentTopology> environments)
    {
        var round = schedule.RoundInterval(environments);
        _stretchedTo = round > refreshInterval ? round : null;
        _throttling = schedule.ThrottleNotices(environments);
        var checkers = schedule.CheckerInterval(environments);
        _checkersEvery = checkers > refreshInterval ? checkers : null;
        collector.Stretch(round - refreshInterval, checkers - refreshInterval);
    }

    private void Republish()
    {
        collector.CollectedBy(Describe());
        collector.Republish();
        _boardAt = time.GetUtcNow();
    }

    private async Task CollectAsync(Func<CancellationToken, Task> refresh, CancellationToken ct)
    {
        if (!leadership.IsLeader) return;
        using (var term = leadership.Term(ct))
        {
            try { await refresh(term.Token); }
            // The term ended mid-read: another instance may hold the lease by now, so nothing read is published.
            catch (OperationCanceledException) when (term.Token.IsCancellationRequested && !ct.IsCancellationRequested) { return; }
        }
        _boardAt = time.GetUtcNow();
        var snapshot = collector.Export(leadership.InstanceId) with { Throttling = _throttling };
        if (await share.PublishAsync(snapshot, leadership.InstanceId, leadership.Generation, ct) is { } version)
        {
            collector.Acknowledge(snapshot);
            _version = version;
            _publishedBy = snapshot.CollectedBy;
            _publishedAt = snapshot.PublishedAt;
        }
        collector.CollectedBy(Describe());
    }

    private CollectorInfo Describe() => leadership.IsLeader
        ? new CollectorInfo(leadership.InstanceId, true, _publishedAt, _stretchedTo, _checkersEvery, _throttling)
        : new CollectorInfo(leadership.Holder ?? _publishedBy, false, _publishedAt, _stretchedTo, _checkersEvery, _publishedThrottling);
}
