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
        [.. e.Regions.Select(r => new RegionTopology(r.Region ?? "", r.ServiceArn ?? "", r.EcrRepository ?? "", r.HealthCheckId ?? "", r.SetIdentifier
            ?? ""))]))]);

    public IEnumerable<string> Problems()
    {
        var problems = new List<string>();
        var mode = PortalModes.Parse(Mode, Environments.Count > 0);
        if (mode is null) problems.Add($"Portal:Mode must be Local or Aws (got '{Mode}').");
        else if (mode == PortalModes.Aws && Environments.Count == 0)
            problems.Add("Portal:Environments must list at least one environment in Aws mode.");
        else if (mode == PortalModes.Local && Environments.Count > 0)
            problems.Add("Portal:Environments must be empty in Local mode: LocalCloud seeds the topology (set Portal:Mode to Aws to use these environments).");
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

    /// <summary>In rollout order: a deploy goes to the first region first.</summary>
    public List<RegionOptions> Regions { get; set; } = [];
}

public sealed class RegionOptions
{
    public string? Region { get; set; }
    public string? ServiceArn { get; set; }
    public string? EcrRepository { get; set; }
    public string? HealthCheckId { get; set; }
    public string? SetIdentifier { get; set; }
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
