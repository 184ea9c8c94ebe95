using Portal.Core.Topology;

namespace Portal.Core.Services;

/// <summary>What each service runtime can and cannot do, said once for the runners, the rules and the pages.</summary>
public static class RuntimeSupport
{
    /// <summary>
    /// Why a region cannot be paused or resumed, or null when it can. ECS Express has no pause: its API has no pause
    /// operation and no desired count, and its scaling target's minTaskCount keeps at least one task running, so
    /// "paused" would be a promise the portal cannot keep.
    /// </summary>
    public static string? PauseUnavailable(RegionTopology region) =>
        region.Runtime == RegionRuntime.EcsExpress ? ExpressCannotPause(region.Region) : null;

    public static string ExpressCannotPause(string region) =>
        $"{region} runs ECS Express, which cannot be paused: the Express API has no pause or desired count, and its scaling target keeps at least one task " +
            $"running (minTaskCount). Lower its weight on the Rebalance page instead.";
}

/// <summary>An action the region's runtime does not offer; the message says why.</summary>
public sealed class RuntimeActionUnavailableException(string reason) : Exception(reason);
