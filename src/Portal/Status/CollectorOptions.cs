namespace Portal.Status;

/// <summary>
/// The cluster's one collector (Portal:Collector): with a shared PostgreSQL, the instance holding a lease of
/// <see cref="LeaseDuration"/> reads AWS and the others follow it. A dead collector is replaced at most
/// LeaseDuration + RenewInterval after its last renewal (13 s by default).
/// </summary>
public sealed class CollectorOptions
{
    public const string Section = "Portal:Collector";

    /// <summary>How long the collector's lease lasts without a renewal; a collector cut off from the database stops reading AWS when it ends.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the collector renews its lease and the other instances try to take it.</summary>
    public TimeSpan RenewInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>The longest a cluster goes without a collector after the collector dies.</summary>
    public TimeSpan TakeoverWithin => LeaseDuration + RenewInterval;

    public IEnumerable<string> Problems()
    {
        if (LeaseDuration < TimeSpan.FromSeconds(1) || LeaseDuration > TimeSpan.FromMinutes(5))
            yield return $"{Section}:LeaseDuration must be between 00:00:01 and 00:05:00 (got {LeaseDuration}).";
        if (RenewInterval < TimeSpan.FromMilliseconds(100))
            yield return $"{Section}:RenewInterval must be at least 00:00:00.1 (got {RenewInterval}).";
        // Two chances to renew before the lease runs out, so one slow database answer does not hand the collector over.
        if (RenewInterval * 2 >= LeaseDuration)
            yield return $"{Section}:RenewInterval must be less than half of LeaseDuration (got {RenewInterval} and {LeaseDuration}).";
    }
}
