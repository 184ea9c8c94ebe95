using Portal.LocalCloud.Route53;

namespace Portal.LocalCloud.Tests.Route53;

/// <summary>Route 53's weighted-record rules, decided without any HTTP.</summary>
public sealed class WeightedRoutingTests
{
    private static WeightedCandidate R(string id, long weight, bool healthy) => new(id, weight, healthy, "127.0.0.1:1");

    private static Dictionary<string, double> Shares(params WeightedCandidate[] records) =>
        WeightedRouting.Shares(records).ToDictionary(s => s.Record.SetIdentifier, s => s.Share);

    [Fact]
    public void Weights_are_proportional_among_healthy_records()
    {
        var shares = Shares(R("a", 192, true), R("b", 64, true));
        Assert.Equal(0.75, shares["a"], 6);
        Assert.Equal(0.25, shares["b"], 6);
    }

    [Fact]
    public void Unhealthy_records_are_skipped()
    {
        var shares = Shares(R("a", 128, false), R("b", 128, true));
        Assert.Equal(0, shares["a"]);
        Assert.Equal(1, shares["b"]);
    }

    [Fact]
    public void A_zero_weight_record_serves_only_when_every_non_zero_record_is_unhealthy()
    {
        Assert.Equal(0, Shares(R("a", 255, true), R("b", 0, true))["b"]);
        Assert.Equal(1, Shares(R("a", 255, false), R("b", 0, true))["b"]);
    }

    [Fact]
    public void All_zero_weights_split_equally_among_healthy_records()
    {
        var shares = Shares(R("a", 0, true), R("b", 0, true), R("c", 0, false));
        Assert.Equal(0.5, shares["a"], 6);
        Assert.Equal(0.5, shares["b"], 6);
        Assert.Equal(0, shares["c"]);
    }

    [Fact]
    public void When_every_record_is_unhealthy_all_are_treated_as_healthy()
    {
        var shares = Shares(R("a", 200, false), R("b", 50, false), R("c", 0, false));
        Assert.Equal(0.8, shares["a"], 6);
        Assert.Equal(0.2, shares["b"], 6);
        Assert.Equal(0, shares["c"]);
    }

    [Fact]
    public void Pick_follows_the_shares_across_the_roll()
    {
        WeightedCandidate[] records = [R("a", 1, true), R("b", 3, true)];
        Assert.Equal("a", WeightedRouting.Pick(records, 0.1)!.SetIdentifier);
        Assert.Equal("b", WeightedRouting.Pick(records, 0.3)!.SetIdentifier);
        Assert.Equal("b", WeightedRouting.Pick(records, 0.999999)!.SetIdentifier);
        Assert.Null(WeightedRouting.Pick([], 0.5));
    }
}
