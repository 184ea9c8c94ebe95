namespace Portal.LocalCloud.World;

/// <summary>What LocalCloud seeded for one environment: enough for a portal topology or an AWS CLI session.</summary>
public sealed record SeededEnvironment(
    string Name,
    bool Protected,
    string HostedZoneId,
    string RecordName,
    string TableName,
    IReadOnlyList<SeededRegion> Regions)
{
    /// <summary>The application the environment runs (environments are grouped by it): "webapp" for the demo's two.</summary>
    public string Application { get; init; } = FleetPlan.DemoApplication;
    /// <summary>The AWS account the environment's resources live in.</summary>
    public required string AccountId { get; init; }

    /// <summary>In a second account: the role a caller from the first account assumes to reach it, and the external id it needs.</summary>
    public string? RoleArn { get; init; }

    public string? ExternalId { get; init; }

    /// <summary>Loopback port of the weighted global endpoint (what DNS would resolve the record name to).</summary>
    public int GlobalEndpointPort { get; set; }
}

public sealed record SeededRegion(
    string Region,
    string ServiceArn,
    string ServiceName,
    string EcrRepository,
    string HealthCheckId,
    string SetIdentifier)
{
    /// <summary>The region's ECS Express service, when the Runtime option gave it one.</summary>
    public SeededExpress? Express { get; init; }
}

/// <summary>An Express service as a portal topology names it; <see cref="Serves"/> when its record carries the region's weight.</summary>
public sealed record SeededExpress(string ServiceArn, string HealthCheckId, string SetIdentifier, string LoadBalancer, string TargetGroup, bool Serves);
