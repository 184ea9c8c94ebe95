using Portal.Core.Traffic;

namespace Portal.Core.Tests.Traffic;

public sealed class WeightPresetsTests
{
    private static readonly string[] Regions = ["us-east-1", "us-east-2"];

    private static Dictionary<string, int?> Current(int? east1, int? east2) => new() { ["us-east-1"] = east1, ["us-east-2"] = east2 };

    [Fact]
    public void Even_split_gives_every_region_128()
    {
        var even = WeightPresets.For(Regions, Current(255, 0)).Single(p => p.Key == WeightPresets.Even);

        Assert.Equal(new Dictionary<string, int> { ["us-east-1"] = 128, ["us-east-2"] = 128 }, even.Weights);
    }

    [Fact]
    public void Draining_a_region_sets_it_to_0_and_leaves_the_others_as_they_are()
    {
        var drain = WeightPresets.Drain("us-east-1", ["us-east-1", "us-east-2", "eu-west-1"],
            new Dictionary<string, int?> { ["us-east-1"] = 128, ["us-east-2"] = 200, ["eu-west-1"] = 0 });

        // eu-west-1 was drained on purpose before: draining us-east-1 must not bring it back.
        Assert.Equal(new Dictionary<string, int> { ["us-east-1"] = 0, ["us-east-2"] = 200, ["eu-west-1"] = 0 }, drain);
    }

    [Fact]
    public void Draining_the_last_weighted_region_gives_the_others_128_since_all_zero_would_split_evenly()
    {
        var drain = WeightPresets.Drain("us-east-1", Regions, Current(255, 0));

        Assert.Equal(new Dictionary<string, int> { ["us-east-1"] = 0, ["us-east-2"] = 128 }, drain);
        Assert.Equal(1.0, WeightedRouting.Shares([new("us-east-1", drain["us-east-1"], true), new("us-east-2", drain["us-east-2"], true)])["us-east-2"]);
    }

    [Fact]
    public void A_weight_not_read_yet_counts_as_128_and_there_is_no_current_preset()
    {
        var presets = WeightPresets.For(Regions, Current(null, 128));

        Assert.DoesNotContain(presets, p => p.Key == WeightPresets.Current);
        Assert.Equal(new Dictionary<string, int> { ["us-east-1"] = 128, ["us-east-2"] = 0 }, presets.Single(p => p.Key == "drain:us-east-2").Weights);
        Assert.Equal(["even", "drain:us-east-1", "drain:us-east-2"], presets.Select(p => p.Key));
    }

    [Fact]
    public void Current_weights_are_offered_when_every_region_was_read()
    {
        var current = WeightPresets.For(Regions, Current(200, 56)).Single(p => p.Key == WeightPresets.Current);

        Assert.Equal(new Dictionary<string, int> { ["us-east-1"] = 200, ["us-east-2"] = 56 }, current.Weights);
    }
}
