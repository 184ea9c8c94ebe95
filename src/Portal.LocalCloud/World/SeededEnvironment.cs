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
