using System.Text.RegularExpressions;
using Portal.Core.Text;
using Portal.Core.Topology;

namespace Portal.Core.Operations;

/// <summary>
/// Checks a request before anything is queued. Errors are keyed by the JSON API's field names ("imageTag",
/// "weights.us-east-1", "confirmEnvironment"...) and each says what is allowed, so a form and a script get the same answer.
/// </summary>
public static partial class OperationRules
{
    // Docker's tag grammar: up to 128 of letters, digits, '_', '.', '-', not starting with '.' or '-'.
    [GeneratedRegex(@"\A[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}\z")]
    private static partial Regex TagPattern();

    /// <summary>The longest a drill may keep a region out of traffic.</summary>
    public static readonly TimeSpan MaxDrillHold = TimeSpan.FromHours(1);

    public static bool IsImageTag(string? tag) => tag is not null && TagPattern().IsMatch(tag);

    public static Dictionary<string, string[]> Validate(OperationRequest request, PortalTopology topology, string? confirmEnvironment)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Add(string field, string message) => errors[field] = [.. errors.GetValueOrDefault(field) ?? [], message];

        var env = topology.Find(request.Environment);
        if (env is null)
        {
            Add("environment", $"Unknown environment {UntrustedText.Quote(request.Environment)}. Known: " +
                $"{string.Join(", ", topology.Environments.Select(e => e.Name))}.");
            return errors;
        }
        if (env.Protected && !string.Equals(confirmEnvironment?.Trim(), env.Name, StringComparison.Ordinal))
            Add("confirmEnvironment", $"{env.Name} is protected: type its name, '{env.Name}', to confirm this action.");

        switch (request.Kind)
        {
            case OperationKind.Deploy:
                if (string.IsNullOrWhiteSpace(request.ImageTag)) Add("imageTag", "An image tag is required, e.g. v2.");
                else if (!IsImageTag(request.ImageTag))
                    Add("imageTag", $"{UntrustedText.Quote(request.ImageTag)} is not an image tag: use up to 128 letters, digits, '_', '.' and '-', not " +
                        $"starting with '.' or '-' (the repository is the environment's own, so no ':' or '/').");
                if (request.Strategy == DeploymentStrategy.Canary)
                {
                    if (env.Regions.Count < 2)
                        Add("strategy", $"A canary needs at least two regions (one to try the image, one to compare with); {env.Name} has " +
                            $"{env.Regions.Count}. Use \"rolling\".");
                    if (request.Drain == true)
                        Add("drain", "A canary lowers its region's weight to the canary share itself; drain applies to a rolling deployment only.");
                }
                break;
            case OperationKind.Rebalance:
                ValidateWeights(request, env, Add);
                break;
            case OperationKind.Drill:
                if (request.DrillKind is null) Add("kind", "A drill kind is required: \"evacuate\" (Route 53 weight 0) or \"healthcheck\" (invert the " +
                    "region's Route 53 health check).");
                if (request.Region is null || env.Regions.All(r => r.Region != request.Region))
                    Add("region", $"{NotARegion(request.Region, env)}: use one of {string.Join(", ", env.Regions.Select(r => r.Region))}.");
                else if (env.Regions.Count < 2)
                    Add("region", $"{env.Name} has one region: taking it out of traffic leaves nothing serving.");
                if (request.Hold is { } hold && (hold <= TimeSpan.Zero || hold > MaxDrillHold))
                    Add("hold", $"The hold must be above 0 and at most {MaxDrillHold:hh\\:mm\\:ss} (hh:mm:ss), e.g. \"00:05:00\".");
                break;
            case OperationKind.Migrate:
                if (request.Region is null || env.FindRegion(request.Region) is not { } migrating)
                {
                    var migratable = env.Regions.Where(r => r.Express is not null).Select(r => r.Region)
                        .DefaultIfEmpty("(none has an ECS Express service configured)");
                    Add("region", $"{NotARegion(request.Region, env)}: use one of {string.Join(", ", migratable)}.");
                }
                else if (migrating.Runtime == RegionRuntime.EcsExpress)
                    Add("region", $"{migrating.Region} already runs ECS Express; there is nothing to migrate.");
                else if (migrating.Express is null)
                    Add("region", $"{migrating.Region} has no ECS Express service configured beside App Runner (its Express entry in the topology: service " +
                        $"ARN, own record and own health check), so there is nowhere to move its traffic.");
                break;
            case OperationKind.Pause or OperationKind.Resume:
                if (request.Region is not null && env.Regions.All(r => r.Region != request.Region))
                    Add("region", $"{UntrustedText.Quote(request.Region)} is not a region of {env.Name}: use one of " +
                        $"{string.Join(", ", env.Regions.Select(r => r.Region))}, or leave it out for every region.");
                else if (request.Region is not null && Services.RuntimeSupport.PauseUnavailable(env.FindRegion(request.Region)!) is { } unavailable)
                    Add("region", unavailable);
                else if (request.Region is null && env.Regions.All(r => Services.RuntimeSupport.PauseUnavailable(r) is not null))
                    Add("region", $"Every region of {env.Name} runs ECS Express, which cannot be paused or resumed: " +
                        $"{Services.RuntimeSupport.PauseUnavailable(env.Regions[0])}");
                if (request.Kind == OperationKind.Pause && env.Protected && IsSchedule(request.RequestedBy))
                    Add("environment", $"{env.Name} is protected: a schedule never pauses it.");
                break;
        }
        return errors;
    }

    public static bool IsSchedule(string requestedBy) => requestedBy.StartsWith("schedule:", StringComparison.Ordinal);

    private static string NotARegion(string? region, EnvironmentTopology env) =>
        region is null ? "A region is required" : $"{UntrustedText.Quote(region)} is not a region of {env.Name}";

    private static void ValidateWeights(OperationRequest request, EnvironmentTopology env, Action<string, string> add)
    {
        if (request.Weights is null || request.Weights.Count == 0)
        {
            add("weights", $"Give a weight (0-255) for every region: {string.Join(", ", env.Regions.Select(r => r.Region))}.");
            return;
        }
        foreach (var twice in request.Weights.Keys.GroupBy(k => k, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            add($"weights.{env.FindRegion(twice.Key)?.Region ?? twice.Key}",
                $"Given more than once ({string.Join(", ", twice)}): region names ignore letter case, so give each region one weight.");
        foreach (var (region, weight) in request.Weights)
        {
            if (env.Regions.All(r => r.Region != region))
                add($"weights.{region}", $"{UntrustedText.Quote(region)} is not a region of {env.Name}: use " +
                    $"{string.Join(", ", env.Regions.Select(r => r.Region))}.");
            else if (weight is < 0 or > Traffic.WeightedRouting.MaxWeight)
                add($"weights.{region}", $"Weight {weight} is outside 0-255 (Route 53's range).");
        }
        foreach (var region in env.Regions.Where(r => !request.Weights.ContainsKey(r.Region)))
            add($"weights.{region.Region}", $"A weight (0-255) for {region.Region} is required: every region of {env.Name} gets one.");
        if (request.Weights.Count > 0 && request.Weights.Values.All(w => w == 0) && !request.AllowAllZero)
            add("allowAllZero", "Every weight is 0. " + RebalanceGuardrails.AllZeroExplanation + " Set allowAllZero to confirm.");
    }
}
