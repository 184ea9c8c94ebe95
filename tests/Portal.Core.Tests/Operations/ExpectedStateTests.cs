using Portal.Core.Operations;
using Portal.Core.Services;
using Portal.Core.Status;
using Portal.Core.Topology;
using Portal.Core.Traffic;

namespace Portal.Core.Tests.Operations;

public sealed class ExpectedStateTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    private static readonly EnvironmentTopology Env = new("staging", false, "Z1", "staging.example.com", "webapp-staging",
    [
        new RegionTopology("us-east-1", "arn:aws:apprunner:us-east-1:111122223333:service/webapp-staging/0123456789abcdef0123456789abcdef", "webapp", "hc-1",
            "us-east-1"),
    ]);

    private static EnvironmentStatus Board(ServiceStatus status = ServiceStatus.Running, string tag = "v1", int weight = 128, string? serviceError = null)
    {
        var region = RegionStatus.Unobserved(Env.Regions[0]) with
        {
            Service = Observed<ServiceState>.None.Succeeded(new ServiceState(Env.Regions[0].ServiceArn, "webapp-staging", "id", status, $"x/webapp:{tag}", null,
                Now), Now),
            Record = Observed<WeightedRecord>.None.Succeeded(new WeightedRecord("us-east-1", weight, "hc-1", "CNAME", 60, ["abc.awsapprunner.com"]), Now),
        };
        if (serviceError is not null) region = region with { Service = region.Service.Failed(serviceError, Now) };
        return new EnvironmentStatus(Env, Now, [region]);
    }

    private static Dictionary<string, RegionExpectation> Saw(RegionExpectation expectation) => new() { ["us-east-1"] = expectation };

    [Fact]
    public void What_the_operator_saw_still_holding_passes() =>
        Assert.Empty(ExpectedState.Check(Saw(new("v1", 128, "RUNNING")), Board()));

    [Fact]
    public void A_weight_changed_since_the_page_was_read_is_refused_with_both_values()
    {
        var message = Assert.Single(ExpectedState.Check(Saw(new(Weight: 128)), Board(weight: 0))["expected.us-east-1.weight"]);
        Assert.Equal("changed since you looked: us-east-1's weight is 0 now; you saw 128. Look again, then ask again.", message);
    }

    [Fact]
    public void A_deploy_that_landed_and_a_pause_are_both_named()
    {
        var errors = ExpectedState.Check(Saw(new("v1", Status: "RUNNING")), Board(ServiceStatus.Paused, "v2"));
        Assert.Equal(["expected.us-east-1.image", "expected.us-east-1.status"], errors.Keys.Order());
        Assert.Contains("is PAUSED now; you saw RUNNING", errors["expected.us-east-1.status"][0]);
    }

    [Fact]
    public void A_value_the_portal_cannot_read_now_is_not_confirmed()
    {
        var message = Assert.Single(ExpectedState.Check(Saw(new(Image: "v1")), Board(serviceError: "ThrottlingException"))["expected.us-east-1.image"]);
        Assert.StartsWith(ExpectedState.Changed + "the portal cannot read us-east-1's image now (ThrottlingException)", message);
    }

    [Fact]
    public void A_region_the_environment_does_not_have_is_named() =>
        Assert.True(ExpectedState.Check(new Dictionary<string, RegionExpectation> { ["eu-west-1"] = new(Weight: 1) }, Board())
            .ContainsKey("expected.eu-west-1"));
}
