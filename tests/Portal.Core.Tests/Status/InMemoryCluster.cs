using Portal.Core.Status;

namespace Portal.Core.Tests.Status;

/// <summary>
/// The cluster's shared database in memory: a collector lease that expires on the given clock (the store's clock, as
/// PostgreSQL's is), and a log of published snapshots fenced by the lease. <see cref="Reachable"/> false cuts an
/// instance off, as a network partition does.
/// </summary>
internal sealed class InMemoryCluster(TimeProvider clock) : ICollectorLease, IStatusShare
{
    private readonly object _gate = new();
    private readonly List<SharedSnapshot> _published = [];
    private string? _owner;
    private long _generation;
    private DateTimeOffset _expires;

    public HashSet<string> Unreachable { get; } = [];

    public int Refused { get; private set; }

    public IReadOnlyList<SharedSnapshot> Published
    {
        get { lock (_gate) return [.. _published]; }
    }

    private void Reach(string owner)
    {
        if (Unreachable.Contains(owner)) throw new TimeoutException($"{owner} cannot reach the database");
    }

    public Task<LeaseAnswer> TryHoldAsync(string owner, TimeSpan duration, CancellationToken ct = default)
    {
        Reach(owner);
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            if (_owner == owner || _owner is null || _expires <= now)
            {
                if (_owner != owner) _generation++;
                _owner = owner;
                _expires = now + duration;
                return Task.FromResult(new LeaseAnswer(true, owner, _generation));
            }
            return Task.FromResult(new LeaseAnswer(false, _owner, _generation));
        }
    }

    public Task ReleaseAsync(string owner, CancellationToken ct = default)
    {
        Reach(owner);
        lock (_gate)
            if (_owner == owner) _expires = DateTimeOffset.MinValue;
        return Task.CompletedTask;
    }

    public Task<long?> PublishAsync(SharedSnapshot snapshot, string owner, long generation, CancellationToken ct = default)
    {
        Reach(owner);
        lock (_gate)
        {
            if (_owner != owner || _generation != generation || _expires <= clock.GetUtcNow())
            {
                Refused++;
                return Task.FromResult<long?>(null);
            }
            _published.Add(snapshot);
            return Task.FromResult<long?>(_published.Count);
        }
    }

    public Task<SharedUpdate?> ReadSinceAsync(long version, CancellationToken ct = default)
    {
        lock (_gate)
        {
            if (version >= _published.Count) return Task.FromResult<SharedUpdate?>(null);
            var latest = _published[^1];
            var changes = _published.Skip((int)version).SelectMany(p => p.MetricChanges).ToList();
            return Task.FromResult<SharedUpdate?>(new SharedUpdate(_published.Count, latest.CollectedBy, latest.PublishedAt, latest.Regions, changes)
            {
                Throttling = latest.Throttling,
            });
        }
    }

    public Task WaitForPublishAsync(TimeSpan atMost, CancellationToken ct = default) => Task.CompletedTask;
}
