namespace Portal.Core.Status;

/// <param name="LeaseDuration">How long a taken or renewed lease lasts without another renewal.</param>
/// <param name="RenewInterval">How often the holder renews and the others try to take it: a takeover comes at most LeaseDuration + RenewInterval after the
/// holder's last renewal.</param>
public sealed record LeadershipSettings(TimeSpan LeaseDuration, TimeSpan RenewInterval);

/// <summary>
/// Whether this instance is the cluster's collector right now. It counts itself the holder only until the moment its
/// last successful renewal was <em>asked</em> plus the lease duration: the store's expiry is measured from when it
/// answered, which is later, so a holder cut off from the store gives up before any other instance can take over.
/// </summary>
public sealed class CollectorLeadership(ICollectorLease lease, string instanceId, LeadershipSettings settings, TimeProvider time)
{
    private readonly object _gate = new();
    private DateTimeOffset _heldUntil = DateTimeOffset.MinValue;
    private LeaseAnswer? _last;

    public string InstanceId => instanceId;

    public LeadershipSettings Settings => settings;

    public bool IsLeader
    {
        get { lock (_gate) return time.GetUtcNow() < _heldUntil; }
    }

    /// <summary>When this instance stops counting itself the holder unless it renews (MinValue while it does not hold the lease).</summary>
    public DateTimeOffset HeldUntil
    {
        get { lock (_gate) return _heldUntil; }
    }

    /// <summary>The lease generation of this instance's current term; publishes are fenced with it.</summary>
    public long Generation
    {
        get { lock (_gate) return _last?.Generation ?? 0; }
    }

    /// <summary>The collecting instance as last seen: this one while it holds the lease, else whoever the store named.</summary>
    public string? Holder
    {
        get { lock (_gate) return time.GetUtcNow() < _heldUntil ? instanceId : _last is { Held: false } other ? other.Holder : null; }
    }

    /// <summary>The latest renewal's failure (the store unreachable), null after one that got an answer.</summary>
    public string? LastError { get; private set; }

    /// <summary>Takes or renews the lease; a store that cannot be reached leaves the current term to run out on its own.</summary>
    /// <returns>Whether this instance holds the lease now.</returns>
    public async Task<bool> RenewAsync(CancellationToken ct)
    {
        var asked = time.GetUtcNow();
        try
        {
            var answer = await lease.TryHoldAsync(instanceId, settings.LeaseDuration, ct);
            lock (_gate)
            {
                _last = answer;
                _heldUntil = answer.Held ? asked + settings.LeaseDuration : DateTimeOffset.MinValue;
            }
            LastError = null;
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            LastError = e.Message;
        }
        return IsLeader;
    }

    /// <summary>Gives the lease up (a clean shutdown); a store that cannot be reached lets it expire instead.</summary>
    public async Task ReleaseAsync(CancellationToken ct)
    {
        bool held;
        lock (_gate)
        {
            held = _last is { Held: true };
            _heldUntil = DateTimeOffset.MinValue;
        }
        if (!held) return;
        try { await lease.ReleaseAsync(instanceId, ct); }
        catch (Exception e) when (!ct.IsCancellationRequested) { LastError = e.Message; }
    }

    /// <summary>A token cancelled when this instance's term ends, so reads begun as the holder stop when it no longer is.</summary>
    public LeaderTerm Term(CancellationToken ct) => new(ct, HeldUntil - time.GetUtcNow(), time);
}

/// <summary>Cancelled when the collector's term ends (on the portal's clock) or the caller's token is.</summary>
public sealed class LeaderTerm : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly ITimer? _timer;

    public LeaderTerm(CancellationToken ct, TimeSpan left, TimeProvider time)
    {
        _source = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (left <= TimeSpan.Zero) _source.Cancel();
        else _timer = time.CreateTimer(_ => Ended(), null, left, Timeout.InfiniteTimeSpan);
    }

    public CancellationToken Token => _source.Token;

    private void Ended()
    {
        try { _source.Cancel(); }
        catch (ObjectDisposedException) { }
    }

    public void Dispose()
    {
        _timer?.Dispose();
        _source.Dispose();
    }
}
