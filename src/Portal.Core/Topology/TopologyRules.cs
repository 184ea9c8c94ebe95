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

    /// <summary>An environment runs active-active in 2 to 5 regions (the fleet the portal is built for).</summary>
    public const int MinRegions = 2, MaxRegions = 5;
    // STS's model for ExternalId: 2-1224 characters of [\w+=,.@:/-].
    [GeneratedRegex(@"\A[\w+=,.@:/-]{2,1224}\z")]
    private static partial Regex ExternalIdPattern();

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

            if (env.Regions.Count is < MinRegions or > MaxRegions)
                problems.Add($"{at}:Regions must list {MinRegions} to {MaxRegions} regions in rollout order (got {env.Regions.Count}).");
            if (env.Application is not null && !EnvironmentNamePattern().IsMatch(env.Application))
                problems.Add($"{at}:Application '{env.Application}' must be lower-case letters, digits and dashes (or absent).");
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
                var named = regionOk ? region.Region : "<region>";
                if (region.Runtime == RegionRuntime.EcsExpress)
                {
                    CheckExpressArn(problems, $"{rat}:ServiceArn", region.ServiceArn, regionOk ? region.Region : null, "Runtime is EcsExpress, so ServiceArn");
                    CheckAlbDimensions(problems, rat, region.LoadBalancer, region.TargetGroup);
                    if (region.Express is not null) problems.Add($"{rat}:Express is only for a region on App Runner (the service a migration moves it to); " +
                        $"this region already runs ECS Express.");
                }
                else
                {
                    if (!ServiceArnParts.TryParse(region.ServiceArn, out var arn) || (regionOk && arn.Region != region.Region))
                        problems.Add($"{rat}:ServiceArn must be an App Runner service ARN in {where} " +
                            $"(arn:aws:apprunner:{named}:<account>:service/<name>/<id>), got '{region.ServiceArn}'" +
                            (region.ServiceArn?.StartsWith("arn:aws:ecs:", StringComparison.Ordinal) == true
                                ? "; for an ECS Express service set Runtime to EcsExpress." : "."));
                    if (region.LoadBalancer is not null || region.TargetGroup is not null)
                        problems.Add($"{rat}:LoadBalancer and TargetGroup are for ECS Express regions only (Runtime is AppRunner).");
                }
                if (region.Express is { } express)
                {
                    var xat = $"{rat}:Express";
                    CheckExpressArn(problems, $"{xat}:ServiceArn", express.ServiceArn, regionOk ? region.Region : null, "Express:ServiceArn");
                    CheckAlbDimensions(problems, xat, express.LoadBalancer, express.TargetGroup);
                    if (string.IsNullOrWhiteSpace(express.HealthCheckId)) problems.Add($"{xat}:HealthCheckId is required (the Express service needs its own " +
                        $"health check).");
                    else if (!HealthCheckIdPattern().IsMatch(express.HealthCheckId)) problems.Add($"{xat}:HealthCheckId '{express.HealthCheckId}' is not a " +
                        $"Route 53 health check id (a GUID).");
                    else if (express.HealthCheckId == region.HealthCheckId) problems.Add($"{xat}:HealthCheckId must differ from the App Runner service's: " +
                        $"each service needs its own health check.");
                    if (string.IsNullOrWhiteSpace(express.SetIdentifier)) problems.Add($"{xat}:SetIdentifier is required (the Express service needs its own " +
                        $"weighted record).");
                    else if (!setIdentifiers.Add(express.SetIdentifier)) problems.Add($"{xat}:SetIdentifier '{express.SetIdentifier}' is used by another " +
                        $"record of '{env.Name}'; each service needs its own weighted record.");
                }

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
            ValidateAccount(env, at, problems);
        }
        ValidateSharedResources(topology, prefix, problems);
        return problems;
    }

    [GeneratedRegex(@"\Aapp/[A-Za-z0-9-]{1,32}/[0-9a-f]{16}\z")]
    private static partial Regex LoadBalancerPattern();

    [GeneratedRegex(@"\Atargetgroup/[A-Za-z0-9-]{1,32}/[0-9a-f]{16}\z")]
    private static partial Regex TargetGroupPattern();

    private static void CheckExpressArn(List<string> problems, string key, string? arn, string? region, string what)
    {
        if (!EcsServiceArnParts.TryParse(arn, out var parts) || (region is not null && parts.Region != region))
            problems.Add($"{key}: {what} must be an ECS service ARN in {region ?? "this region"} " +
                $"(arn:aws:ecs:{region ?? "<region>"}:<account>:service/<cluster>/<name>), got '{arn}'.");
    }

    // The ALB's CloudWatch dimensions: the ARN suffixes after "loadbalancer/" and ":" (Elastic Load Balancing's CloudWatch docs).
    private static void CheckAlbDimensions(List<string> problems, string at, string? loadBalancer, string? targetGroup)
    {
        if (loadBalancer is null || !LoadBalancerPattern().IsMatch(loadBalancer))
            problems.Add($"{at}:LoadBalancer must be the Express service's load balancer as CloudWatch names it (app/<name>/<16 hex digits>, the end of its " +
                $"ARN), got '{loadBalancer}'.");
        if (targetGroup is null || !TargetGroupPattern().IsMatch(targetGroup))
            problems.Add($"{at}:TargetGroup must be the Express service's target group as CloudWatch names it (targetgroup/<name>/<16 hex digits>), got " +
                $"'{targetGroup}'.");
    }

    /// <summary>The role to assume (and its external id) as STS accepts them, in the account the environment's services are in.</summary>
    private static void ValidateAccount(EnvironmentTopology env, string at, List<string> problems)
    {
        if (string.IsNullOrEmpty(env.RoleArn))
        {
            if (!string.IsNullOrEmpty(env.ExternalId)) problems.Add($"{at}:ExternalId is set but RoleArn is not: an external id is sent only when assuming a " +
                $"role.");
            return;
        }
        if (!IamRoleArn.TryParse(env.RoleArn, out var role))
        {
            problems.Add($"{at}:RoleArn '{env.RoleArn}' is not an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>, " +
                $"{IamRoleArn.MinLength}-{IamRoleArn.MaxLength} characters).");
            return;
        }
        if (env.ExternalId is not null && !ExternalIdPattern().IsMatch(env.ExternalId))
            problems.Add($"{at}:ExternalId must be 2-1224 characters of letters, digits and +=,.@:/-_ (STS's rule; got {env.ExternalId.Length} characters).");
        for (var r = 0; r < env.Regions.Count; r++)
            foreach (var (field, serviceArn) in new[] { ("ServiceArn", env.Regions[r].ServiceArn), ("Express:ServiceArn", env.Regions[r].Express?.ServiceArn) })
                if (AwsArn.AccountOf(serviceArn) is { } account && account != role.AccountId)
                    problems.Add($"{at}:Regions:{r}:{field} is in account {account}, but environment '{env.Name}' assumes RoleArn in account " +
                        $"{role.AccountId}: both must name the environment's account.");
    }

    /// <summary>
    /// A table or ECR repository is found by name only, so environments reached with different credentials must not
    /// share one: the portal could not tell which account's it means.
    /// </summary>
    private static void ValidateSharedResources(PortalTopology topology, string prefix, List<string> problems)
    {
        var envs = topology.Environments.Select((env, index) => (env, index, access: AccountAccess.Of(env))).ToList();
        foreach (var (env, e, access) in envs)
            foreach (var (other, _, _) in envs.Where(o => o.index < e && o.access != access))
            {
                if (!string.IsNullOrEmpty(env.TableName) && env.TableName == other.TableName)
                    problems.Add($"{prefix}:{e}:TableName '{env.TableName}' is also the table of environment '{other.Name}', which uses other AWS " +
                        $"credentials: give each account's table its own name.");
                for (var r = 0; r < env.Regions.Count; r++)
                {
                    var region = env.Regions[r];
                    if (!string.IsNullOrEmpty(region.EcrRepository) && other.Regions.Any(o => o.Region == region.Region
                        && o.EcrRepository == region.EcrRepository))
                        problems.Add($"{prefix}:{e}:Regions:{r}:EcrRepository '{region.EcrRepository}' in {region.Region} is also used by environment " +
                            $"'{other.Name}', which uses other AWS credentials: give each account's repository its own name.");
                }
            }
    }
}
