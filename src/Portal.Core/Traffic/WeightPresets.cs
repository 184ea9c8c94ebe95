namespace Portal.Core.Traffic;

/// <summary>A ready-made set of weights an operator can start a rebalance from.</summary>
/// <param name="Key">What the form posts back: "even", "current", "drain:us-east-1".</param>
public sealed record WeightPreset(string Key, string Label, string Description, IReadOnlyDictionary<string, int> Weights);

/// <summary>
/// The rebalance presets. Draining a region changes that region alone: the others keep their weights, so a region
/// drained on purpose earlier stays drained. Only when that would leave every weight at 0 (which Route 53 reads as
/// an even split, the opposite of a drain) do the others get <see cref="EvenWeight"/>.
/// </summary>
public static class WeightPresets
{
    /// <summary>The seeds' 128/128: the middle of Route 53's range, leaving room to shift either way.</summary>
    public const int EvenWeight = 128;

    public const string Even = "even";
    public const string Current = "current";
    public const string DrainPrefix = "drain:";

    /// <param name="regions">The environment's regions in rollout order.</param>
    /// <param name="current">Each region's weight in Route 53 now; null where it has not been read.</param>
    public static IReadOnlyList<WeightPreset> For(IReadOnlyList<string> regions, IReadOnlyDictionary<string, int?> current)
    {
        var presets = new List<WeightPreset>
        {
            new(Even, "Even split", $"{EvenWeight} for every region: healthy regions share traffic equally.",
                regions.ToDictionary(r => r, _ => EvenWeight, StringComparer.Ordinal)),
        };
        foreach (var region in regions)
            presets.Add(new(DrainPrefix + region, $"Drain {region}",
                $"0 for {region}; the other regions keep their weights. {region} then serves only if every other region is unhealthy (Route 53's rule for " +
                    $"weight 0).",
                Drain(region, regions, current)));
        if (regions.All(r => current.GetValueOrDefault(r) is not null))
            presets.Add(new(Current, "Current weights", "What Route 53 has now: start a custom change from here.",
                regions.ToDictionary(r => r, r => current[r]!.Value, StringComparer.Ordinal)));
        return presets;
    }

    public static IReadOnlyDictionary<string, int> Drain(string region, IReadOnlyList<string> regions, IReadOnlyDictionary<string, int?> current)
    {
        var weights = regions.ToDictionary(r => r, r => r == region ? 0 : current.GetValueOrDefault(r) ?? EvenWeight, StringComparer.Ordinal);
        if (weights.Values.All(w => w == 0))
            foreach (var other in regions.Where(r => r != region)) weights[other] = EvenWeight;
        return weights;
    }
}
