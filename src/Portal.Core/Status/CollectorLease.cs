namespace Portal.Core.Status;

/// <summary>What the lease store answered: who holds the collector's lease now, and under which generation.</summary>
/// <param name="Held">True when the asking instance holds it (taken or renewed by this very call).</param>
/// <param name="Holder">The instance holding it, or null when nobody does.</param>
/// <param name="Generation">Raised each time the lease changes hands, so a former holder's late write can be refused.</param>
public sealed record LeaseAnswer(bool Held, string? Holder, long Generation);

/// <summary>
/// The one lease that makes a single portal instance of a cluster the collector: the only one that reads AWS. The store
/// decides expiry on its own clock, so instances with skewed clocks cannot both believe they hold it.
/// </summary>
public interface ICollectorLease
{
    /// <summary>Takes the lease for <paramref name="owner"/> when it is free or expired, or extends it when the owner holds it; otherwise says who holds
    /// it.</summary>
    Task<LeaseAnswer> TryHoldAsync(string owner, TimeSpan duration, CancellationToken ct = default);

    /// <summary>Gives the lease up at once (a clean shutdown), so another instance takes over at its next try.</summary>
    Task ReleaseAsync(string owner, CancellationToken ct = default);
}
