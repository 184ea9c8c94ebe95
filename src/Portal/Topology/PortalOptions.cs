using Portal.Core.Topology;

namespace Portal.Topology;

/// <summary>Section "Portal": the mode and, in AWS mode, the environments the portal looks after.</summary>
public sealed class PortalOptions
{
    public const string Section = "Portal";

    /// <summary>"Local" (LocalCloud in-process) or "Aws"; when unset, Aws if environments are configured, else Local.</summary>
    public string? Mode { get; set; }

    public List<EnvironmentOptions> Environments { get; set; } = [];

    public PortalTopology ToTopology() => new([.. Environments.Select(e => new EnvironmentTopology(
        e.Name ?? "", e.Protected, e.HostedZoneId ?? "", e.RecordName ?? "", e.TableName ?? "",
        [.. e.Regions.Select(r => r.ToTopology())])
    {
        Application = string.IsNullOrWhiteSpace(e.Application) ? null : e.Application,
        RoleArn = string.IsNullOrWhiteSpace(e.RoleArn) ? null : e.RoleArn.Trim(),
        ExternalId = string.IsNullOrEmpty(e.ExternalId) ? null : e.ExternalId,
    })]);

    public IEnumerable<string> Problems()
    {
        var problems = new List<string>();
        var mode = PortalModes.Parse(Mode, Environments.Count > 0);
        if (mode is null) problems.Add($"Portal:Mode must be Local or Aws (got '{Mode}').");
        else if (mode == PortalModes.Aws && Environments.Count == 0)
            problems.Add("Portal:Environments must list at least one environment in Aws mode.");
        else if (mode == PortalModes.Local && Environments.Count > 0)
            problems.Add("Portal:Environments must be empty in Local mode: LocalCloud seeds the topology (set Portal:Mode to Aws to use these environments).");
        for (var e = 0; e < Environments.Count; e++)
            for (var r = 0; r < Environments[e].Regions.Count; r++)
                if (Environments[e].Regions[r].RuntimeProblem() is { } problem) problems.Add($"Portal:Environments:{e}:Regions:{r}:{problem}");
        problems.AddRange(TopologyRules.Validate(ToTopology(), "Portal:Environments"));
        return problems;
    }
}

public sealed class EnvironmentOptions
{
    public string? Name { get; set; }

    /// <summary>Production: actions need the environment's name typed.</summary>
    public bool Protected { get; set; }

    public string? HostedZoneId { get; set; }
    public string? RecordName { get; set; }

    /// <summary>The DynamoDB global table.</summary>
    public string? TableName { get; set; }

    /// <summary>Optional: the application this environment runs; the fleet page groups and filters by it.</summary>
    public string? Application { get; set; }

    /// <summary>In rollout order (2 to 5 regions): a deploy goes to the first region first.</summary>
    public List<RegionOptions> Regions { get; set; } = [];

    /// <summary>An IAM role in the environment's own AWS account, assumed for every call about it (docs/accounts.md).</summary>
    public string? RoleArn { get; set; }

    /// <summary>The external id the role's trust policy requires, if any.</summary>
    public string? ExternalId { get; set; }
}

public sealed class RegionOptions
{
    public string? Region { get; set; }
    public string? ServiceArn { get; set; }
    public string? EcrRepository { get; set; }
    public string? HealthCheckId { get; set; }
    public string? SetIdentifier { get; set; }

    /// <summary>AppRunner (the default) or EcsExpress: which runtime ServiceArn names.</summary>
    public string? Runtime { get; set; }

    /// <summary>ECS Express: the load balancer and target group as CloudWatch names them (app/…, targetgroup/…).</summary>
    public string? LoadBalancer { get; set; }

    public string? TargetGroup { get; set; }

    /// <summary>An App Runner region's ECS Express service, the target of a migration.</summary>
    public ExpressTargetOptions? Express { get; set; }

    public RegionTopology ToTopology() =>
        new(Region ?? "", ServiceArn ?? "", EcrRepository ?? "", HealthCheckId ?? "", SetIdentifier ?? "")
        {
            Runtime = ParseRuntime(Runtime) ?? RegionRuntime.AppRunner,
            LoadBalancer = LoadBalancer,
            TargetGroup = TargetGroup,
            Express = Express is null ? null : new ExpressTarget(Express.ServiceArn ?? "", Express.HealthCheckId ?? "", Express.SetIdentifier ?? "",
                Express.LoadBalancer ?? "", Express.TargetGroup ?? ""),
        };

    public string? RuntimeProblem() => ParseRuntime(Runtime) is null
        ? $"Runtime must be {nameof(RegionRuntime.AppRunner)} or {nameof(RegionRuntime.EcsExpress)} (got '{Runtime}')."
        : null;

    private static RegionRuntime? ParseRuntime(string? value) => value?.Trim() switch
    {
        null or "" => RegionRuntime.AppRunner,
        var v when v.Equals(nameof(RegionRuntime.AppRunner), StringComparison.OrdinalIgnoreCase) => RegionRuntime.AppRunner,
        var v when v.Equals(nameof(RegionRuntime.EcsExpress), StringComparison.OrdinalIgnoreCase) => RegionRuntime.EcsExpress,
        _ => null,
    };
}

public sealed class ExpressTargetOptions
{
    public string? ServiceArn { get; set; }
    public string? HealthCheckId { get; set; }
    public string? SetIdentifier { get; set; }
    public string? LoadBalancer { get; set; }
    public string? TargetGroup { get; set; }
}

public static class PortalModes
{
    public const string Local = "Local";
    public const string Aws = "Aws";

    public static string? Parse(string? mode, bool environmentsConfigured) => mode?.Trim() switch
    {
        null or "" => environmentsConfigured ? Aws : Local,
        var m when m.Equals(Local, StringComparison.OrdinalIgnoreCase) => Local,
        var m when m.Equals(Aws, StringComparison.OrdinalIgnoreCase) => Aws,
        _ => null,
    };

    /// <summary>Read before the container is built: local mode decides which services exist.</summary>
    public static bool IsLocal(IConfiguration configuration) =>
        Parse(configuration["Portal:Mode"], configuration.GetSection("Portal:Environments").GetChildren().Any()) == Local;
}
