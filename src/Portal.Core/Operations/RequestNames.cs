using Portal.Core.Topology;

namespace Portal.Core.Operations;

/// <summary>
/// Puts the names in a request into the topology's spelling before anything else reads it. The topology lookup ignores
/// letter case but the store's one-active-per-environment index and the jobs filter compare exactly, so "STAGING" and
/// "staging" must become one name where the request enters, or two spellings take two locks on one environment.
/// </summary>
public static class RequestNames
{
    /// <summary>
    /// The request with its environment, region and weight keys spelled as the topology spells them. Unknown names stay
    /// as given, for validation to refuse by name; weight keys that differ only in case stay as given too, for the same reason.
    /// </summary>
    public static OperationRequest Canonical(OperationRequest request, PortalTopology topology)
    {
        var env = topology.Find(request.Environment);
        if (env is null) return request;
        return request with
        {
            Environment = env.Name,
            Region = request.Region is null ? null : env.FindRegion(request.Region)?.Region ?? request.Region,
            Weights = CanonicalKeys(request.Weights, env),
            Expected = CanonicalKeys(request.Expected, env),
        };
    }

    private static IReadOnlyDictionary<string, T>? CanonicalKeys<T>(IReadOnlyDictionary<string, T>? byRegion, EnvironmentTopology env)
    {
        if (byRegion is null) return null;
        var canonical = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var (region, value) in byRegion)
            if (!canonical.TryAdd(env.FindRegion(region)?.Region ?? region, value)) return byRegion;
        return canonical;
    }
}
