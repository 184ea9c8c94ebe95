namespace Portal.Status;

/// <summary>How often the one shared collector reads AWS, and when a reading counts as stale (Portal:Status).</summary>
public sealed class StatusOptions
{
    public const string Section = "Portal:Status";

    /// <summary>Service status, operations, Route 53 checkers, weights, replica status, the portal's probes.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>CloudWatch metrics and replication latency: one GetMetricData per region each time.</summary>
    public TimeSpan MetricsInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A reading older than this, or whose latest refresh failed, is shown stale with its age.</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromSeconds(35);

    /// <summary>A region whose 5xx share of requests in the latest minute is above this reads degraded.</summary>
    public double Degraded5xxRate { get; set; } = 0.05;

    /// <summary>DynamoDB replication latency (latest minute) above this makes the sending region degraded, the lag in the reason.</summary>
    public TimeSpan ReplicationLagDegraded { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The verdict's and every view's limits; metrics come every MetricsInterval, so they are stale one StaleAfter later.</summary>
    public Core.Status.VerdictThresholds Thresholds => new(StaleAfter, Degraded5xxRate, MetricsInterval + StaleAfter, ReplicationLagDegraded);

    /// <summary>Operations kept per region (App Runner's ListOperations returns at most 20 a page).</summary>
    public int OperationsKept { get; set; } = 20;

    /// <summary>The endpoint's health route the portal probes itself, and the scheme (App Runner serves HTTPS).</summary>
    public string ProbePath { get; set; } = "/health";

    public string ProbeScheme { get; set; } = "https";

    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public IEnumerable<string> Problems()
    {
        var errors = new List<string>();
        var s = Section;
        var o = this;
        if (o.RefreshInterval < TimeSpan.FromMilliseconds(50) || o.RefreshInterval > TimeSpan.FromMinutes(10)) errors.Add($"{s}:RefreshInterval must be " +
            $"between 00:00:00.05 and 00:10:00 (got {o.RefreshInterval}).");
        if (o.MetricsInterval < TimeSpan.FromMilliseconds(50) || o.MetricsInterval > TimeSpan.FromHours(1)) errors.Add($"{s}:MetricsInterval must be between " +
            $"00:00:00.05 and 01:00:00 (got {o.MetricsInterval}).");
        if (o.StaleAfter <= o.RefreshInterval) errors.Add($"{s}:StaleAfter must be longer than RefreshInterval (got {o.StaleAfter} vs {o.RefreshInterval}).");
        if (o.Degraded5xxRate is <= 0 or >= 1) errors.Add($"{s}:Degraded5xxRate must be above 0 and below 1 (got {o.Degraded5xxRate}).");
        if (o.ReplicationLagDegraded <= TimeSpan.Zero) errors.Add($"{s}:ReplicationLagDegraded must be above 0 (got {o.ReplicationLagDegraded}).");
        if (o.OperationsKept is < 1 or > 20) errors.Add($"{s}:OperationsKept must be 1-20 (got {o.OperationsKept}).");
        if (!o.ProbePath.StartsWith('/')) errors.Add($"{s}:ProbePath must start with '/' (got '{o.ProbePath}').");
        if (o.ProbeScheme is not ("http" or "https")) errors.Add($"{s}:ProbeScheme must be http or https (got '{o.ProbeScheme}').");
        if (o.ProbeTimeout <= TimeSpan.Zero || o.ProbeTimeout > TimeSpan.FromSeconds(60)) errors.Add($"{s}:ProbeTimeout must be above 0 and at most 00:01:00 " +
            $"(got {o.ProbeTimeout}).");
        return errors;
    }
}
