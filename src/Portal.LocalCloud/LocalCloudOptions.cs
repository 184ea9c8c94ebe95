namespace Portal.LocalCloud;

/// <summary>Settings of one LocalCloud instance; every simulated duration is an AWS-realistic duration times <see cref="TimeScale"/>.</summary>
public sealed partial class LocalCloudOptions
{
    [System.Text.RegularExpressions.GeneratedRegex("^[a-z]{2}(-[a-z]+)+-[0-9]$")]
    private static partial System.Text.RegularExpressions.Regex RegionName();

    /// <summary>API port (AWS wire protocols and the /_localcloud fault API). 0 picks a free port.</summary>
    public int Port { get; set; } = 4566;

    /// <summary>The one access key LocalCloud accepts; requests signed with anything else are refused as AWS refuses them.</summary>
    public string AccessKeyId { get; set; } = "test";

    public string SecretAccessKey { get; set; } = "test";

    /// <summary>The account of the access key above, and of every environment unless <see cref="Accounts"/> is 2.</summary>
    public string AccountId { get; set; } = "000000000000";

    /// <summary>
    /// 1: every environment in <see cref="AccountId"/>. 2: staging moves to <see cref="SecondAccountId"/>, reached by
    /// assuming its seeded role with <see cref="SecondAccountExternalId"/>, as AWS advises for production and staging.
    /// </summary>
    public int Accounts { get; set; } = 1;

    public string SecondAccountId { get; set; } = "222222222222";

    /// <summary>The external id the second account's role trusts the first account's callers with.</summary>
    public string SecondAccountExternalId { get; set; } = "localcloud-staging";

    /// <summary>Factor applied to every AWS-realistic delay: 0.05 makes a 4-minute deployment take 12 s (demo), 0.005 makes it 1.2 s (tests).</summary>
    public double TimeScale { get; set; } = 0.05;

    /// <summary>
    /// Real seconds per second of AWS's API request budgets (Route 53's token buckets). 1, the default, is AWS's figures
    /// in real time. A test harness that runs the portal's own pace N times faster than production (a collector every
    /// 200 ms instead of 10 s) sets 1/N, so the budgets compress by the same factor and a portal that would exceed them
    /// in production still exceeds them here. Never above 1: LocalCloud is not stricter than AWS either.
    /// </summary>
    public double BudgetTimeScale { get; set; } = 1;

    /// <summary>Requests per second the traffic generator sends to each environment's global endpoint; 0 turns it off.</summary>
    public double TrafficRatePerSecond { get; set; } = 5;

    /// <summary>Regions in rollout order; the first is where images are pushed and Route 53's home region.</summary>
    public string[] Regions { get; set; } = ["us-east-1", "us-east-2"];

    /// <summary>
    /// How many environments to seed: the demo's production and staging (the default, 2), then fleet environments up to
    /// this count (see <see cref="World.FleetPlan"/>), each in every one of <see cref="Regions"/>.
    /// </summary>
    public int Environments { get; set; } = World.FleetPlan.MinEnvironments;

    /// <summary>
    /// Takes "Regions" written as one comma-separated value (`--Regions us-east-1,us-east-2,us-west-2`, or
    /// LOCALCLOUD_Regions=...), which the configuration binder cannot put into an array, or as indexed keys
    /// (`--Regions:0 us-east-1 --Regions:1 us-west-2`), which replace the default list rather than add to it as the
    /// binder would.
    /// </summary>
    public void ReadRegionList(IConfiguration section)
    {
        if (section["Regions"] is { Length: > 0 } list)
            Regions = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        else if (section.GetSection("Regions").GetChildren().ToList() is { Count: > 0 } indexed)
            Regions = [.. indexed.OrderBy(c => int.TryParse(c.Key, out var i) ? i : int.MaxValue).Select(c => c.Value ?? "")];
    }

    /// <summary>Seed for the random sources (traffic mix, replication latency) so a test run can be repeated.</summary>
    public int RandomSeed { get; set; } = 20261121;

    /// <summary>
    /// Runtimes per region, as "region=Runtime" pairs separated by commas (e.g. `--Runtime us-east-2=EcsExpress`).
    /// AppRunner (the default): App Runner only. EcsExpress: the region is served by an ECS Express service (its record
    /// carries the region's weight; the App Runner service stays, at weight 0, as after a finished migration).
    /// Migrating: both services on the same image, App Runner carrying the region's weight and ECS Express at 0, ready for
    /// the portal's migration. Empty: every region runs App Runner only (the default seed).
    /// </summary>
    public string Runtime { get; set; } = "";

    public const string AppRunnerRuntime = "AppRunner";
    public const string EcsExpressRuntime = "EcsExpress";
    public const string MigratingRuntime = "Migrating";

    /// <summary>Regions that get an Express service: those on ECS Express and those migrating (call after <see cref="Validate"/>).</summary>
    public IReadOnlySet<string> EcsExpressRegions() =>
        RuntimePairs().Where(p => p.Runtime is EcsExpressRuntime or MigratingRuntime).Select(p => p.Region).ToHashSet();

    /// <summary>Regions whose traffic the Express service carries (Runtime EcsExpress).</summary>
    public IReadOnlySet<string> ExpressServedRegions() =>
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
        if (Accounts is not (1 or 2)) errors.Add($"LocalCloud:Accounts must be 1 or 2 (got {Accounts}).");
        if (SecondAccountId.Length != 12 || !SecondAccountId.All(char.IsAsciiDigit)) errors.Add($"LocalCloud:SecondAccountId must be 12 digits (got " +
            $"'{SecondAccountId}').");
        else if (Accounts == 2 && SecondAccountId == AccountId) errors.Add("LocalCloud:SecondAccountId must differ from LocalCloud:AccountId.");
        if (SecondAccountExternalId.Length is < 2 or > 1224) errors.Add($"LocalCloud:SecondAccountExternalId must be 2-1224 characters, as STS accepts (got " +
            $"{SecondAccountExternalId.Length}).");
        if (!(TimeScale > 0 && TimeScale <= 10)) errors.Add($"LocalCloud:TimeScale must be above 0 and at most 10 (got {TimeScale}).");
        if (!(BudgetTimeScale > 0 && BudgetTimeScale <= 1)) errors.Add($"LocalCloud:BudgetTimeScale must be above 0 and at most 1 (got {BudgetTimeScale}).");
        if (!(TrafficRatePerSecond >= 0 && TrafficRatePerSecond <= 500)) errors.Add($"LocalCloud:TrafficRatePerSecond must be 0-500 (got " +
            $"{TrafficRatePerSecond}).");
        if (Regions.Length is < 2 or > 5 || Regions.Distinct().Count() != Regions.Length)
            errors.Add($"LocalCloud:Regions must name 2 to 5 distinct regions, comma-separated (got '{string.Join(",", Regions)}').");
        foreach (var region in Regions.Where(r => !RegionName().IsMatch(r)))
            errors.Add($"LocalCloud:Regions: '{region}' is not a region name like us-east-1.");
        if (Environments is < World.FleetPlan.MinEnvironments or > World.FleetPlan.MaxEnvironments)
            errors.Add($"LocalCloud:Environments must be {World.FleetPlan.MinEnvironments}-{World.FleetPlan.MaxEnvironments} (got {Environments}); the first " +
                $"two are the demo's production and staging.");
        foreach (var (region, runtime) in RuntimePairs())
        {
            if (!Regions.Contains(region)) errors.Add($"LocalCloud:Runtime names region '{region}', which is not one of LocalCloud:Regions " +
                $"({string.Join(", ", Regions)}).");
            if (runtime is not (AppRunnerRuntime or EcsExpressRuntime or MigratingRuntime)) errors.Add($"LocalCloud:Runtime for '{region}' must be " +
                $"{AppRunnerRuntime}, {EcsExpressRuntime} or {MigratingRuntime} (got '{runtime}'); write region=Runtime pairs separated by commas.");
        }
        if (RuntimePairs().GroupBy(p => p.Region).Any(g => g.Count() > 1)) errors.Add("LocalCloud:Runtime names a region more than once.");
        return errors;
    }
}
