using Portal.Core.Status;

namespace Portal.Status;

/// <summary>
/// The collector's lease and share for a portal without a shared database (SQLite): nobody else can collect, so this
/// instance always holds the lease and has nobody to publish to.
/// </summary>
public sealed class SoleInstance(TimeProvider time) : ICollectorLease, IStatusShare
{
    private long _version;

    public Task<LeaseAnswer> TryHoldAsync(string owner, TimeSpan duration, CancellationToken ct = default) =>
        Task.FromResult(new LeaseAnswer(true, owner, 1));

    public Task ReleaseAsync(string owner, CancellationToken ct = default) => Task.CompletedTask;

    public Task<long?> PublishAsync(SharedSnapshot snapshot, string owner, long generation, CancellationToken ct = default) =>
        Task.FromResult<long?>(Interlocked.Increment(ref _version));

    public Task<SharedUpdate?> ReadSinceAsync(long version, CancellationToken ct = default) => Task.FromResult<SharedUpdate?>(null);

    public Task WaitForPublishAsync(TimeSpan atMost, CancellationToken ct = default) => Task.Delay(atMost, time, ct);
}
