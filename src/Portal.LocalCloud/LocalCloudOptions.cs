namespace Portal.LocalCloud;

/// <summary>Settings of one LocalCloud instance; every simulated duration is an AWS-realistic duration times <see cref="TimeScale"/>.</summary>
public sealed class LocalCloudOptions
{
    /// <summary>API port (AWS wire protocols and the /_localcloud fault API). 0 picks a free port.</summary>
    public int Port { get; set; } = 4566;

    /// <summary>The one access key LocalCloud accepts; requests signed with anything else are refused as AWS refuses them.</summary>
    public string AccessKeyId { get; set; } = "test";

    public string SecretAccessKey { get; set; } = "test";

    public string AccountId { get; set; } = "000000000000";

    /// <summary>Factor applied to every AWS-realistic delay: 0.05 makes a 4-minute deployment take 12 s (demo), 0.005 makes it 1.2 s (tests).</summary>
    public double TimeScale { get; set; } = 0.05;

    /// <summary>Requests per second the traffic generator sends to each environment's global endpoint; 0 turns it off.</summary>
    public double TrafficRatePerSecond { get; set; } = 5;

    /// <summary>Regions in rollout order; the first is where images are pushed and Route 53's home region.</summary>
    public string[] Regions { get; set; } = ["us-east-1", "us-east-2"];

    /// <summary>Seed for the random sources (traffic mix, replication latency) so a test run can be repeated.</summary>
    public int RandomSeed { get; set; } = 20261121;

    /// <summary>
    /// Regions that also run the environments on ECS Express Mode, as "region=EcsExpress" pairs separated by commas
    /// (e.g. `--Runtime us-east-2=EcsExpress`). Empty: every region runs App Runner only (the default seed).
    /// </summary>
    public string Runtime { get; set; } = "";

    public const string AppRunnerRuntime = "AppRunner";
    public const string EcsExpressRuntime = "EcsExpress";

    /// <summary>Regions <see cref="Runtime"/> puts on ECS Express (call after <see cref="Validate"/>).</summary>
    public IReadOnlySet<string> EcsExpressRegions() =>
        RuntimePairs().Where(p => p.Runtime == EcsExpressRuntime).Select(p => p.Region).ToHashSet();

    private IEnumerable<(string Region, string Runtime)> RuntimePairs() =>
        Runtime.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(pair => pair.Split('=', 2, StringSplitOptions.TrimEntries))
            .Select(parts => (parts[0], parts.Length == 2 ? parts[1] : ""));

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Port is < 0 or > 65535) errors.Add($"LocalCloud:Port must be 0-65535 (got {Port}).");
        if (string.IsNullOrWhiteSpace(AccessKeyId)) errors.Add("LocalCloud:AccessKeyId must not be empty.");
        if (string.IsNullOrWhiteSpace(SecretAccessKey)) errors.Add("LocalCloud:SecretAccessKey must not be empty.");
        if (AccountId.Length != 12 || !AccountId.All(char.IsAsciiDigit)) errors.Add($"LocalCloud:AccountId must be 12 digits (got '{AccountId}').");
        if (!(TimeScale > 0 && TimeScale <= 10)) errors.Add($"LocalCloud:TimeScale must be above 0 and at most 10 (got {TimeScale}).");
        if (!(TrafficRatePerSecond >= 0 && TrafficRatePerSecond <= 500)) errors.Add($"LocalCloud:TrafficRatePerSecond must be 0-500 (got " +
            $"{TrafficRatePerSecond}).");
        if (Regions.Length < 2 || Regions.Distinct().Count() != Regions.Length) errors.Add("LocalCloud:Regions must name at least two distinct regions.");
        foreach (var (region, runtime) in RuntimePairs())
        {
            if (!Regions.Contains(region)) errors.Add($"LocalCloud:Runtime names region '{region}', which is not one of LocalCloud:Regions " +
                $"({string.Join(", ", Regions)}).");
            if (runtime is not (AppRunnerRuntime or EcsExpressRuntime)) errors.Add($"LocalCloud:Runtime for '{region}' must be {AppRunnerRuntime} or " +
                $"{EcsExpressRuntime} (got '{runtime}'); write region=Runtime pairs separated by commas.");
        }
        if (RuntimePairs().GroupBy(p => p.Region).Any(g => g.Count() > 1)) errors.Add("LocalCloud:Runtime names a region more than once.");
        return errors;
    }
}
