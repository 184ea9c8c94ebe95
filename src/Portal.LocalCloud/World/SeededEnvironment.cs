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
    string SetIdentifier);
