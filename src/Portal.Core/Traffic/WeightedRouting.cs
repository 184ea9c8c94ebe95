namespace Portal.Core.Traffic;

/// <summary>One weighted record as Route 53 sees it: its weight (0-255) and whether its health check passes.</summary>
public sealed record WeightedTarget(string Region, int Weight, bool Healthy);

/// <summary>
/// The share of traffic Route 53 sends to each weighted record, by its documented rules: healthy records
/// with a non-zero weight split traffic in proportion to their weights; zero-weight records serve only
/// when every non-zero record is unhealthy; records all at zero split evenly; and when every record is
/// unhealthy Route 53 treats them all as healthy. Used to project a rebalance and to show where traffic goes.
/// </summary>
public static class WeightedRouting
{
    public const int MaxWeight = 255;

    public static IReadOnlyDictionary<string, double> Shares(IReadOnlyList<WeightedTarget> targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        foreach (var t in targets)
            if (t.Weight is < 0 or > MaxWeight)
                throw new ArgumentOutOfRangeException(nameof(targets), $"Weight of {t.Region} must be 0-{MaxWeight} (got {t.Weight}).");

        var shares = targets.ToDictionary(t => t.Region, _ => 0.0, StringComparer.Ordinal);
        if (targets.Count == 0) return shares;

        var considered = targets.Where(t => t.Healthy).ToList();
        if (considered.Count == 0) considered = [.. targets];

        var weighted = considered.Where(t => t.Weight > 0).ToList();
        if (weighted.Count > 0)
        {
            double total = weighted.Sum(t => t.Weight);
            foreach (var t in weighted) shares[t.Region] = t.Weight / total;
        }
        else
        {
            foreach (var t in considered) shares[t.Region] = 1.0 / considered.Count;
        }
        return shares;
    }
}
