namespace Portal.Core.Topology;

/// <summary>
/// How the portal reaches an environment's AWS account: its own credentials (<see cref="Own"/>), or an IAM role in
/// that account assumed with an optional external id. Environments with equal access share one credential set.
/// </summary>
public sealed record AccountAccess(string? RoleArn, string? ExternalId)
{
    public static AccountAccess Own { get; } = new(null, null);

    public bool AssumesRole => RoleArn is not null;

    public static AccountAccess Of(EnvironmentTopology environment) =>
        string.IsNullOrWhiteSpace(environment.RoleArn) ? Own : new(environment.RoleArn, string.IsNullOrEmpty(environment.ExternalId)
            ? null : environment.ExternalId);

    public override string ToString() => RoleArn is null ? "the portal's own credentials" : $"role {RoleArn}";
}

/// <summary>A resource that environments reached with different credentials share, so no one credential set is right for it.</summary>
public sealed class AmbiguousResourceException(string message) : Exception(message);

/// <summary>
/// The credential follows the resource: every port call names a resource of one environment (a service ARN, a health
/// check id, a hosted zone id, a table name, an ECR repository in a region, a CloudWatch dimension), and that
/// environment's <see cref="AccountAccess"/> signs it. Resources no environment names use the portal's own credentials,
/// so AWS answers them as it answers any caller.
/// </summary>
public static class AccountRoutes
{
    public static AccountAccess AccessFor(PortalTopology topology, string region, string? resource)
    {
        if (string.IsNullOrEmpty(resource)) return AccountAccess.Own;
        var owners = Owners(topology, region, resource).ToList();
        var access = owners.Select(AccountAccess.Of).Distinct().ToList();
        return access.Count switch
        {
            0 => AccountAccess.Own,
            1 => access[0],
            _ => throw new AmbiguousResourceException(
                $"'{resource}' in {region} belongs to environments {string.Join(", ", owners.Select(e => $"'{e.Name}'"))}, which use different AWS accounts " +
                    $"or roles; give each account's resource its own name."),
        };
    }

    /// <summary>The environments that name <paramref name="resource"/> (for ARNs: whose account it is in).</summary>
    public static IEnumerable<EnvironmentTopology> Owners(PortalTopology topology, string region, string resource)
    {
        if (resource.StartsWith("arn:", StringComparison.Ordinal))
        {
            var exact = topology.Environments.Where(e => e.Regions.Any(r => r.ServiceArn == resource || r.Express?.ServiceArn == resource)).ToList();
            if (exact.Count > 0) return exact;
            var account = AwsArn.AccountOf(resource);
            return account is null ? [] : topology.Environments.Where(e => e.AccountId == account);
        }
        var zone = BareZoneId(resource);
        return topology.Environments.Where(e =>
            BareZoneId(e.HostedZoneId) == zone
            || e.TableName == resource
            || e.Regions.Any(r => string.Equals(r.HealthCheckId, resource, StringComparison.OrdinalIgnoreCase)
                                  || string.Equals(r.Express?.HealthCheckId, resource, StringComparison.OrdinalIgnoreCase)
                                  || r.ServiceId == resource
                                  || r.LoadBalancer == resource || r.Express?.LoadBalancer == resource
                                  || (string.Equals(r.Region, region, StringComparison.OrdinalIgnoreCase)
                                      && (r.EcrRepository == resource || r.ServiceName == resource))));
    }

    private static string BareZoneId(string id) => id.StartsWith("/hostedzone/", StringComparison.Ordinal) ? id["/hostedzone/".Length..] : id;
}
