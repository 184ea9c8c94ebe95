namespace Portal.Core.Status;

/// <summary>
/// One collector per cluster: the instance holding the collector's lease reads AWS and publishes what it read; every
/// other instance reads AWS never and takes the published facts instead, judging their age on its own clock, so a
/// dead collector shows as facts growing stale until another instance takes the lease over. A single instance (no
/// shared database) holds the lease always.
/// </summary>
public sealed class ClusterCollector(StatusCollector collector, CollectorLeadership leadership, IStatusShare share)
{
    private readonly SemaphoreSlim _follow = new(1, 1);
    private long _version;
    private string? _publishedBy;
    private DateTimeOffset? _publishedAt;

    public CollectorLeadership Leadership => leadership;

    /// <summary>The fast reads (service, operations, checkers, weights, replicas, probes) as the collector, or the others' latest as a follower.</summary>
    public Task RefreshStateAsync(CancellationToken ct) => CollectAsync(collector.RefreshAsync, ct);

    /// <summary>CloudWatch's reads as the collector; a follower gets the chart points with the state.</summary>
    public Task RefreshMetricsAsync(CancellationToken ct) => leadership.IsLeader ? CollectAsync(collector.RefreshMetricsAsync, ct) : Task.CompletedTask;

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
            if (await share.ReadSinceAsync(_version, ct) is { } update)
            {
                _version = update.Version;
                _publishedBy = update.CollectedBy;
                _publishedAt = update.PublishedAt;
                collector.CollectedBy(Describe());
                collector.Adopt(update);
            }
            else
            {
                collector.CollectedBy(Describe());
                collector.Republish();
            }
        }
        finally
        {
            _follow.Release();
        }
    }

    private async Task CollectAsync(Func<CancellationToken, Task> refresh, CancellationToken ct)
    {
        if (!leadership.IsLeader)
        {
            await FollowAsync(ct);
            return;
        }
        using (var term = leadership.Term(ct))
        {
            try { await refresh(term.Token); }
            // The term ended mid-read: another instance may hold the lease by now, so nothing read is published.
            catch (OperationCanceledException) when (term.Token.IsCancellationRequested && !ct.IsCancellationRequested) { return; }
        }
        var snapshot = collector.Export(leadership.InstanceId);
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
        ? new CollectorInfo(leadership.InstanceId, true, _publishedAt)
        : new CollectorInfo(leadership.Holder ?? _publishedBy, false, _publishedAt);
}
