using System.Text.RegularExpressions;

namespace Portal.Core.Topology;

/// <summary>
/// Checks a topology before the portal acts on it and reports every problem at once, each with the
/// configuration key path it came from, so one start-up failure fixes all of them.
/// </summary>
public static partial class TopologyRules
{
    [GeneratedRegex(@"\A[a-z]{2}(-[a-z]+)+-\d\z")]
    private static partial Regex RegionPattern();

    // ECR repository names: lower case, may be namespaced with slashes.
    [GeneratedRegex(@"\A(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*\z")]
    private static partial Regex RepositoryPattern();

    [GeneratedRegex(@"\A[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\z")]
    private static partial Regex HealthCheckIdPattern();

    // Route 53's model: a ResourceId of at most 32 characters; AWS hands them out with or without "/hostedzone/".
    // Ids do not always start with Z, so only the documented bound and the characters AWS uses are checked.
    [GeneratedRegex(@"\A(/hostedzone/)?[A-Za-z0-9]{1,32}\z")]
    private static partial Regex HostedZonePattern();

    [GeneratedRegex(@"\A[a-zA-Z0-9_.-]{3,255}\z")]
    private static partial Regex TablePattern();

    [GeneratedRegex(@"\A[a-z0-9][a-z0-9-]{0,62}\z")]
    private static partial Regex EnvironmentNamePattern();

    public static bool IsRegionName(string? value) => value is not null && RegionPattern().IsMatch(value);

    /// <param name="prefix">The configuration path of the environments list, e.g. "Portal:Environments".</param>
    public static IReadOnlyList<string> Validate(PortalTopology topology, string prefix = "Portal:Environments")
    {
        var problems = new List<string>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var e = 0; e < topology.Environments.Count; e++)
        {
            var env = topology.Environments[e];
            var at = $"{prefix}:{e}";
            if (string.IsNullOrWhiteSpace(env.Name)) problems.Add($"{at}:Name is required.");
            else if (!EnvironmentNamePattern().IsMatch(env.Name)) problems.Add($"{at}:Name '{env.Name}' must be lower-case letters, digits and dashes.");
            else if (!names.Add(env.Name)) problems.Add($"{at}:Name '{env.Name}' is used by another environment.");

            if (string.IsNullOrWhiteSpace(env.HostedZoneId)) problems.Add($"{at}:HostedZoneId is required.");
            else if (!HostedZonePattern().IsMatch(env.HostedZoneId)) problems.Add($"{at}:HostedZoneId '{env.HostedZoneId}' is not a Route 53 hosted zone id " +
                $"(1 to 32 letters and digits, optionally after /hostedzone/).");
            if (string.IsNullOrWhiteSpace(env.RecordName)) problems.Add($"{at}:RecordName is required.");
            if (string.IsNullOrWhiteSpace(env.TableName)) problems.Add($"{at}:TableName is required.");
            else if (!TablePattern().IsMatch(env.TableName)) problems.Add($"{at}:TableName '{env.TableName}' is not a DynamoDB table name.");

            if (env.Regions.Count < 2) problems.Add($"{at}:Regions must list at least two regions in rollout order (got {env.Regions.Count}).");
            var regions = new HashSet<string>(StringComparer.Ordinal);
            var setIdentifiers = new HashSet<string>(StringComparer.Ordinal);
            for (var r = 0; r < env.Regions.Count; r++)
            {
                var region = env.Regions[r];
                var rat = $"{at}:Regions:{r}";
                var regionOk = IsRegionName(region.Region);
                if (string.IsNullOrWhiteSpace(region.Region)) problems.Add($"{rat}:Region is required.");
                else if (!regionOk) problems.Add($"{rat}:Region '{region.Region}' is not an AWS region name (e.g. us-east-1).");
                else if (!regions.Add(region.Region)) problems.Add($"{rat}:Region '{region.Region}' appears twice in environment '{env.Name}'.");

                var where = regionOk ? region.Region : "this region";
                if (!ServiceArnParts.TryParse(region.ServiceArn, out var arn) || (regionOk && arn.Region != region.Region))
                    problems.Add($"{rat}:ServiceArn must be an App Runner service ARN in {where} " +
                        $"(arn:aws:apprunner:{(regionOk ? region.Region : "<region>")}:<account>:service/<name>/<id>), got '{region.ServiceArn}'.");

                if (string.IsNullOrWhiteSpace(region.EcrRepository)) problems.Add($"{rat}:EcrRepository is required.");
                else if (!RepositoryPattern().IsMatch(region.EcrRepository)) problems.Add($"{rat}:EcrRepository '{region.EcrRepository}' is not an ECR " +
                    $"repository name.");

                if (string.IsNullOrWhiteSpace(region.HealthCheckId)) problems.Add($"{rat}:HealthCheckId is required.");
                else if (!HealthCheckIdPattern().IsMatch(region.HealthCheckId)) problems.Add($"{rat}:HealthCheckId '{region.HealthCheckId}' is not a Route " +
                    $"53 health check id (a GUID).");

                if (string.IsNullOrWhiteSpace(region.SetIdentifier)) problems.Add($"{rat}:SetIdentifier is required.");
                else if (!setIdentifiers.Add(region.SetIdentifier)) problems.Add($"{rat}:SetIdentifier '{region.SetIdentifier}' is used by another region of " +
                    $"'{env.Name}'.");
            }
        }
        return problems;
    }
}
