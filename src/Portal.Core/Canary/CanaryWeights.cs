using Portal.Core.Traffic;

namespace Portal.Core.Canary;

/// <summary>A weight plan for the canary region and the share Route 53 will give it (by <see cref="WeightedRouting"/>).</summary>
public sealed record CanaryWeightPlan(int Weight, double ProjectedShare);

/// <summary>
/// The canary region's weight for a wanted share of traffic, leaving every other record's weight as it is: Route 53
/// gives a healthy record weight / (sum of healthy non-zero weights), so w = share · others / (1 − share), rounded
/// to the whole weight whose share is nearest. Weights are whole numbers 0-255, so the share is the nearest reachable.
/// </summary>
public static class CanaryWeights
{
    public static CanaryWeightPlan ForShare(string canaryRegion, IReadOnlyList<WeightedTarget> records, double share)
    {
        if (share is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(share), "A share is above 0 and below 1.");
        var others = records.Where(r => r.Region != canaryRegion).ToList();
        if (others.Count == records.Count) throw new ArgumentException($"No record for {canaryRegion}.", nameof(records));
        var othersTotal = others.Where(o => o.Healthy).Sum(o => o.Weight);
        if (othersTotal == 0)
            throw new InvalidOperationException($"Every other region has weight 0 or is unhealthy, so {canaryRegion} cannot be given a share of " +
                $"{Format(share)}: it would carry everything.");

        var ideal = share * othersTotal / (1 - share);
        var best = Enumerable.Range(Math.Max(1, (int)Math.Floor(ideal)), 2)
            .Where(w => w <= WeightedRouting.MaxWeight)
            .Select(w => new CanaryWeightPlan(w, Project(canaryRegion, records, w)))
            .DefaultIfEmpty(new CanaryWeightPlan(WeightedRouting.MaxWeight, Project(canaryRegion, records, WeightedRouting.MaxWeight)))
            .MinBy(p => Math.Abs(p.ProjectedShare - share))!;
        return best;
    }

    /// <summary>The canary region's share with weight <paramref name="weight"/> and the others as they are.</summary>
    public static double Project(string canaryRegion, IReadOnlyList<WeightedTarget> records, int weight) =>
        WeightedRouting.Shares([.. records.Select(r => r.Region == canaryRegion ? r with { Weight = weight, Healthy = true } : r)])[canaryRegion];

    private static string Format(double share) => $"{share * 100:0.#}%";
}
