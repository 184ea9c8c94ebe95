using Portal.Core.Traffic;

namespace Portal.Core.Tests.Traffic;

public sealed class WeightedRoutingTests
{
    [Fact]
    public void Healthy_records_split_traffic_in_proportion_to_their_weights()
    {
        var shares = WeightedRouting.Shares([new("us-east-1", 192, true), new("us-east-2", 64, true)]);

        Assert.Equal(0.75, shares["us-east-1"], 6);
        Assert.Equal(0.25, shares["us-east-2"], 6);
    }

    [Fact]
    public void An_unhealthy_record_gets_nothing_and_the_healthy_one_takes_everything()
    {
        var shares = WeightedRouting.Shares([new("us-east-1", 128, false), new("us-east-2", 128, true)]);

        Assert.Equal(0, shares["us-east-1"]);
        Assert.Equal(1, shares["us-east-2"]);
    }

    [Fact]
    public void A_zero_weight_record_serves_only_when_every_non_zero_record_is_unhealthy()
    {
        var normal = WeightedRouting.Shares([new("us-east-1", 255, true), new("us-east-2", 0, true)]);
        var failover = WeightedRouting.Shares([new("us-east-1", 255, false), new("us-east-2", 0, true)]);

        Assert.Equal(1, normal["us-east-1"]);
        Assert.Equal(0, normal["us-east-2"]);
        Assert.Equal(0, failover["us-east-1"]);
        Assert.Equal(1, failover["us-east-2"]);
    }

    [Fact]
    public void All_zero_weights_split_evenly_among_healthy_records()
    {
        var shares = WeightedRouting.Shares([new("us-east-1", 0, true), new("us-east-2", 0, true)]);

        Assert.Equal(0.5, shares["us-east-1"], 6);
        Assert.Equal(0.5, shares["us-east-2"], 6);
    }

    [Fact]
    public void When_every_record_is_unhealthy_route53_treats_them_all_as_healthy()
    {
        var shares = WeightedRouting.Shares([new("us-east-1", 200, false), new("us-east-2", 50, false)]);

        Assert.Equal(0.8, shares["us-east-1"], 6);
        Assert.Equal(0.2, shares["us-east-2"], 6);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(256)]
    public void A_weight_outside_0_to_255_is_refused(int weight)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => WeightedRouting.Shares([new("us-east-1", weight, true)]));

        Assert.Contains("0-255", error.Message);
    }
}
