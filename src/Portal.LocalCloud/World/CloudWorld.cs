namespace Portal.LocalCloud.World;

/// <summary>
/// The whole simulated state of every region. All reads and writes of mutable state happen under
/// <see cref="Gate"/>: the critical sections are tiny and one lock keeps cross-resource rules
/// (a record change and a health verdict, a deployment and its image) consistent.
/// </summary>
public sealed class CloudWorld(string accountId, IReadOnlyList<string> regions)
{
    public object Gate { get; } = new();

    public string AccountId { get; } = accountId;

    /// <summary>Regions in rollout order; the first is the ECR push region and Route 53's home region.</summary>
    public IReadOnlyList<string> Regions { get; } = regions;

    public List<AppRunnerService> Services { get; } = [];

    /// <summary>ECS Express Mode services, in the regions the Runtime option puts on ECS Express.</summary>
    public List<ExpressGatewayService> ExpressServices { get; } = [];

    public List<EcrRepository> Repositories { get; } = [];

    public List<HealthCheck> HealthChecks { get; } = [];

    public List<HostedZone> HostedZones { get; } = [];

    public List<GlobalTable> Tables { get; } = [];

    /// <summary>The roles STS lets callers assume.</summary>
    public List<IamRole> Roles { get; } = [];

    /// <summary>What was seeded, by environment: the ids and ARNs a portal (or a person with the AWS CLI) needs.</summary>
    public List<SeededEnvironment> Environments { get; } = [];

    public bool IsKnownRegion(string region) => Regions.Contains(region);
}
