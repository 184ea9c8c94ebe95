using Portal.Core.Operations;

namespace Portal.Core.Tests.Operations;

public class RebalanceGuardrailsTests
{
    private static Dictionary<string, int> Weights(int east1, int east2) => new() { ["us-east-1"] = east1, ["us-east-2"] = east2 };

    private static Dictionary<string, bool> Healthy(bool east1, bool east2) => new() { ["us-east-1"] = east1, ["us-east-2"] = east2 };

    [Fact]
    public void An_even_split_between_healthy_regions_goes_ahead() =>
        Assert.Null(RebalanceGuardrails.Refusal(Weights(128, 128), Healthy(true, true), allowAllZero: false));

    [Fact]
    public void Draining_toward_the_only_healthy_region_goes_ahead() =>
        Assert.Null(RebalanceGuardrails.Refusal(Weights(255, 0), Healthy(true, false), allowAllZero: false));

    [Fact]
    public void Rebalance_refuses_to_send_all_traffic_to_the_only_unhealthy_region()
    {
        var refusal = RebalanceGuardrails.Refusal(Weights(0, 255), Healthy(true, false), allowAllZero: false);
        Assert.Equal("this sends all traffic to us-east-2, which is unhealthy or paused, and away from us-east-1, which is healthy.", refusal);
    }

    [Fact]
    public void With_every_region_unhealthy_there_is_nothing_healthy_to_protect() =>
        Assert.Null(RebalanceGuardrails.Refusal(Weights(0, 255), Healthy(false, false), allowAllZero: false));

    [Fact]
    public void All_zero_needs_to_be_asked_for_and_is_explained()
    {
        var refusal = RebalanceGuardrails.Refusal(Weights(0, 0), Healthy(true, true), allowAllZero: false);
        Assert.Contains(RebalanceGuardrails.AllZeroExplanation, refusal);
        Assert.Null(RebalanceGuardrails.Refusal(Weights(0, 0), Healthy(true, true), allowAllZero: true));
    }
}
