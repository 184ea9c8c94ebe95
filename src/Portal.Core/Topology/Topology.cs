namespace Portal.Core.Topology;

/// <summary>What the portal looks after: environments, each running in several regions in rollout order.</summary>
public sealed record PortalTopology(IReadOnlyList<EnvironmentTopology> Environments)
{
    public static PortalTopology Empty { get; } = new([]);

    public EnvironmentTopology? Find(string name) =>
        Environments.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>One environment (production, staging): a weighted record in a hosted zone and a global table, served from <see cref="Regions"/>.</summary>
public sealed record EnvironmentTopology(
    string Name,
    bool Protected,
    string HostedZoneId,
    string RecordName,
    string TableName,
    IReadOnlyList<RegionTopology> Regions)
{
    /// <summary>The application this environment runs, to group a fleet by (optional: null is "not grouped").</summary>
    public string? Application { get; init; }
    /// <summary>
    /// The IAM role the portal assumes for every call about this environment when it lives in another AWS account
    /// (null: the portal's own credentials). Init-only so configuration and tests add it without a constructor change.
    /// </summary>
    public string? RoleArn { get; init; }

    /// <summary>The external id the role's trust policy asks for (sts:ExternalId), sent with AssumeRole; null when it asks for none.</summary>
    public string? ExternalId { get; init; }

    /// <summary>The account the environment lives in: the role's account, else the account of its services' ARNs.</summary>
    public string? AccountId => IamRoleArn.TryParse(RoleArn, out var role)
        ? role.AccountId
        : Regions.Select(r => ServiceArnParts.TryParse(r.ServiceArn, out var arn) ? arn.AccountId : AwsArn.AccountOf(r.ServiceArn))
            .FirstOrDefault(a => a is not null);

    /// <summary>The region by name in any letter case (region names are lowercase at AWS; a typed "US-EAST-1" means the same).</summary>
    public RegionTopology? FindRegion(string name) =>
        Regions.FirstOrDefault(r => string.Equals(r.Region, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>Which service runtime serves a region's traffic.</summary>
public enum RegionRuntime
{
    /// <summary>An App Runner service (the default).</summary>
    AppRunner,

    /// <summary>An ECS Express Mode service behind its own Application Load Balancer.</summary>
    EcsExpress,
}

/// <summary>
/// One region of an environment: its service (of <see cref="Runtime"/>), ECR repository, Route 53 health check and
/// weighted record.
/// </summary>
public sealed record RegionTopology(
    string Region,
    string ServiceArn,
    string EcrRepository,
    string HealthCheckId,
    string SetIdentifier)
{
    /// <summary>The runtime <see cref="ServiceArn"/> belongs to; App Runner unless configured otherwise.</summary>
    public RegionRuntime Runtime { get; init; } = RegionRuntime.AppRunner;

    /// <summary>
    /// ECS Express only: the load balancer's and target group's CloudWatch dimension values
    /// (app/&lt;name&gt;/&lt;id&gt; and targetgroup/&lt;name&gt;/&lt;id&gt;). The Express API does not report them, so they are configured.
    /// </summary>
    public string? LoadBalancer { get; init; }

    public string? TargetGroup { get; init; }

    /// <summary>
    /// An ECS Express service beside the App Runner one, with its own weighted record and health check: the target of a
    /// migration from App Runner. Null when the region has none.
    /// </summary>
    public ExpressTarget? Express { get; init; }

    /// <summary>The service name from the ARN (a CloudWatch ServiceName dimension, for App Runner and ECS alike).</summary>
    public string? ServiceName => Runtime == RegionRuntime.EcsExpress
        ? (EcsServiceArnParts.TryParse(ServiceArn, out var ecs) ? ecs.ServiceName : null)
        : (ServiceArnParts.TryParse(ServiceArn, out var parts) ? parts.ServiceName : null);

    /// <summary>The App Runner service id from the ARN (a CloudWatch ServiceID dimension); null for ECS Express.</summary>
    public string? ServiceId => ServiceArnParts.TryParse(ServiceArn, out var parts) ? parts.ServiceId : null;

    /// <summary>The ECS cluster from an Express service ARN (the AWS/ECS ClusterName dimension).</summary>
    public string? ClusterName => EcsServiceArnParts.TryParse(ServiceArn, out var ecs) ? ecs.Cluster : null;

    /// <summary>"App Runner" or "ECS Express", as the pages say it.</summary>
    public string RuntimeName => RuntimeNames.Of(Runtime);
}

/// <summary>An ECS Express service that can take over a region from App Runner (see <see cref="RegionTopology.Express"/>).</summary>
public sealed record ExpressTarget(string ServiceArn, string HealthCheckId, string SetIdentifier, string LoadBalancer, string TargetGroup)
{
    /// <summary>The region's topology as if Express served it: what a migration's canary and health reads use.</summary>
    public RegionTopology AsRegion(RegionTopology appRunner) =>
        new(appRunner.Region, ServiceArn, appRunner.EcrRepository, HealthCheckId, SetIdentifier)
        {
            Runtime = RegionRuntime.EcsExpress,
            LoadBalancer = LoadBalancer,
            TargetGroup = TargetGroup,
        };
}

public static class RuntimeNames
{
    public static string Of(RegionRuntime runtime) => runtime == RegionRuntime.EcsExpress ? "ECS Express" : "App Runner";
}
