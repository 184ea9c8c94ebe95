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
        : Regions.Select(r => ServiceArnParts.TryParse(r.ServiceArn, out var arn) ? arn.AccountId : AwsArn.AccountOf(r.ServiceArn)).FirstOrDefault(a => a is not null);

    /// <summary>The region by name in any letter case (region names are lowercase at AWS; a typed "US-EAST-1" means the same).</summary>
    public RegionTopology? FindRegion(string name) =>
        Regions.FirstOrDefault(r => string.Equals(r.Region, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>One region of an environment: its App Runner service, ECR repository, Route 53 health check and weighted record.</summary>
public sealed record RegionTopology(
    string Region,
    string ServiceArn,
    string EcrRepository,
    string HealthCheckId,
    string SetIdentifier)
{
    /// <summary>The service name from the ARN (a CloudWatch ServiceName dimension); null when the ARN is not an App Runner service ARN.</summary>
    public string? ServiceName => ServiceArnParts.TryParse(ServiceArn, out var parts) ? parts.ServiceName : null;

    /// <summary>The service id from the ARN (a CloudWatch ServiceID dimension).</summary>
    public string? ServiceId => ServiceArnParts.TryParse(ServiceArn, out var parts) ? parts.ServiceId : null;
}
