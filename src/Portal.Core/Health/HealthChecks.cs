namespace Portal.Core.Health;

/// <summary>One Route 53 checker's last observation of an endpoint.</summary>
/// <param name="Status">As Route 53 words it, e.g. "Success: HTTP Status Code 200, OK" or "Failure: Connection timed out...".</param>
/// <remarks>Route 53's model makes every member of an observation optional, so each may be null.</remarks>
public sealed record CheckerObservation(string? Region, string? IpAddress, string? Status, DateTimeOffset? CheckedTime)
{
    /// <summary>Route 53 marks a checker's report as a success by starting it with "Success"; no report is no success.</summary>
    public bool Healthy => Status?.StartsWith("Success", StringComparison.Ordinal) == true;
}

/// <summary>What every Route 53 checker last saw of one health check's endpoint.</summary>
public sealed record HealthCheckStatus(string HealthCheckId, IReadOnlyList<CheckerObservation> Observations)
{
    /// <summary>Route 53 considers an endpoint healthy while more than 18% of its checkers report it healthy.</summary>
    public const double HealthyThreshold = 0.18;

    public int HealthyCount => Observations.Count(o => o.Healthy);

    public int Total => Observations.Count;

    public bool IsHealthy => Total > 0 && HealthyCount > HealthyThreshold * Total;
}

/// <summary>Route 53 health checks: their configuration and their checkers' observations.</summary>
public interface IHealthChecks
{
    /// <summary>Each checker's latest observation. Not for high query rates (AWS says so): call it from the one shared collector.</summary>
    Task<HealthCheckStatus> GetStatusAsync(string healthCheckId, CancellationToken ct = default);
}

/// <summary>
/// Changing a Route 53 health check for a drill: Inverted makes Route 53 treat a healthy endpoint as unhealthy, so
/// its own data plane (DNS answers) stops routing there, as in a real regional failure.
/// </summary>
public interface IHealthCheckControl
{
    /// <summary>GetHealthCheck: whether the check is inverted now.</summary>
    Task<bool> IsInvertedAsync(string healthCheckId, CancellationToken ct = default);

    /// <summary>UpdateHealthCheck with only Inverted set (every other member is left as it is).</summary>
    Task SetInvertedAsync(string healthCheckId, bool inverted, CancellationToken ct = default);
}
