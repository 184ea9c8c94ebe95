namespace Portal.Core.Operations;

/// <summary>
/// A request to change an environment, as validated input. Only the fields of its <see cref="Kind"/> are set:
/// Deploy: <see cref="ImageTag"/> (and <see cref="Drain"/> or <see cref="Strategy"/>); Rebalance: <see cref="Weights"/> (and
/// <see cref="AllowAllZero"/>); Pause and Resume: optionally <see cref="Region"/>; Rollback: nothing more; Drill:
/// <see cref="DrillKind"/>, <see cref="Region"/> and optionally <see cref="Hold"/>; Migrate: <see cref="Region"/> and
/// optionally <see cref="PauseAppRunner"/>.
/// </summary>
/// <param name="RequestedBy">The signed-in user's name, or "schedule:&lt;id&gt;" for a scheduled pause or resume.</param>
/// <param name="SourceAddress">Where the request came from (client IP), for the audit trail.</param>
/// <param name="RetryOf">The failed operation this one retries, if any.</param>
/// <param name="Expected">What the operator saw, by region, when asking (see <see cref="ExpectedState"/>); null when not said.</param>
public sealed record OperationRequest(
    OperationKind Kind,
    string Environment,
    string RequestedBy,
    string? SourceAddress = null,
    string? ImageTag = null,
    string? Region = null,
    IReadOnlyDictionary<string, int>? Weights = null,
    bool AllowAllZero = false,
    bool? Drain = null,
    string? RetryOf = null,
    DeploymentStrategy? Strategy = null,
    Drills.DrillKind? DrillKind = null,
    TimeSpan? Hold = null,
    IReadOnlyDictionary<string, RegionExpectation>? Expected = null,
    bool? PauseAppRunner = null)
{
    /// <summary>One line for lists, audit entries and notifications: "deploy v2 to staging".</summary>
    public string Describe() => Kind switch
    {
        OperationKind.Deploy => $"deploy {ImageTag} to {Environment}" + (Drain == true ? " (draining each region)" : "") +
            (Strategy == DeploymentStrategy.Canary ? " (canary first)" : ""),
        OperationKind.Rollback => $"roll back {Environment}",
        OperationKind.Rebalance => $"set {Environment} weights to " +
            string.Join(", ", (Weights ?? new Dictionary<string, int>()).Select(w => $"{w.Key} {w.Value}")),
        OperationKind.Pause => $"pause {Environment}" + (Region is null ? "" : $" in {Region}"),
        OperationKind.Resume => $"resume {Environment}" + (Region is null ? "" : $" in {Region}"),
        OperationKind.Drill => $"drill: {(DrillKind == Drills.DrillKind.HealthCheck ? "health-check failover of" : "evacuate")} {Region} of {Environment}" +
            (Hold is { } hold ? $" (hold {Format.Span(hold)})" : ""),
        OperationKind.Migrate => $"migrate {Environment} in {Region} from App Runner to ECS Express"
            + (PauseAppRunner == true ? ", then pause App Runner" : ""),
        _ => $"{Kind} {Environment}",
    };
}

/// <summary>How a deployment goes: region by region (null means this, as before strategies existed), or a canary region first.</summary>
public enum DeploymentStrategy
{
    Rolling,
    Canary,
}
