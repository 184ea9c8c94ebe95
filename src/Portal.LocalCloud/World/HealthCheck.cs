namespace Portal.LocalCloud.World;

/// <summary>A Route 53 HTTP health check on one regional endpoint, probed by 16 checkers (8 regions, 2 addresses each).</summary>
public sealed class HealthCheck
{
    public required string Id { get; init; }

    /// <summary>The AWS account that owns the check: callers from other accounts get NoSuchHealthCheck.</summary>
    public required string AccountId { get; init; }
    public required string CallerReference { get; init; }
    public string Type { get; init; } = "HTTP";
    public string IpAddress { get; init; } = "127.0.0.1";
    public int Port { get; set; }
    public string ResourcePath { get; set; } = "/health";
    public int RequestInterval { get; init; } = 30;
    public int FailureThreshold { get; set; } = 3;
    public long Version { get; set; } = 1;

    /// <summary>
    /// Route 53 inverts the check's status: healthy when its checkers say unhealthy and the other way round
    /// (HealthCheckConfig.Inverted). The checkers' own reports (GetHealthCheckStatus) are not inverted.
    /// </summary>
    public bool Inverted { get; set; }

    /// <summary>The service (App Runner, or ECS Express for its load balancer) by ARN whose endpoint this check probes.</summary>
    public required string ServiceArn { get; init; }

    public List<CheckerObservation> Checkers { get; } = [];

    /// <summary>Route 53's rule: healthy while more than 18% of checkers consider the endpoint healthy; then <see cref="Inverted"/>.</summary>
    public bool IsHealthy => Inverted != (Checkers.Count > 0 && Checkers.Count(c => c.ConsidersHealthy) > 0.18 * Checkers.Count);
}

/// <summary>One Route 53 checker's view of an endpoint: its last probe and its verdict after the failure threshold.</summary>
public sealed class CheckerObservation
{
    public required string Region { get; init; }
    public required string IpAddress { get; init; }

    /// <summary>As GetHealthCheckStatus reports it, e.g. "Success: HTTP Status Code 200, OK".</summary>
    public string LastStatus { get; set; } = "Success: HTTP Status Code 200, OK";
    public DateTimeOffset CheckedTime { get; set; }
    public int ConsecutiveFailures { get; set; }
    public int ConsecutiveSuccesses { get; set; }
    public bool ConsidersHealthy { get; set; } = true;
}
