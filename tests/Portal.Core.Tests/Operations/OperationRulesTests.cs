using Portal.Core.Operations;
using Portal.Core.Services;
using Portal.Core.Topology;

namespace Portal.Core.Tests.Operations;

public class OperationRulesTests
{
    private static readonly PortalTopology Topology = new(
    [
        Environment("production", isProtected: true),
        Environment("staging", isProtected: false),
    ]);

    private static EnvironmentTopology Environment(string name, bool isProtected) => new(name, isProtected, "Z123", $"{name}.example.com", $"webapp-{name}",
    [
        new RegionTopology("us-east-1", $"arn:aws:apprunner:us-east-1:111122223333:service/webapp-{name}/0123456789abcdef0123456789abcdef", "webapp", "hc-1",
            "us-east-1"),
        new RegionTopology("us-east-2", $"arn:aws:apprunner:us-east-2:111122223333:service/webapp-{name}/0123456789abcdef0123456789abcdef", "webapp", "hc-2",
            "us-east-2"),
    ]);

    private static Dictionary<string, string[]> Validate(OperationRequest request, string? confirm = null) =>
        OperationRules.Validate(request, Topology, confirm);

    [Theory]
    [InlineData("v2")]
    [InlineData("2026.11.22-build_7")]
    [InlineData("sha-0a1b2c3")]
    public void Docker_tags_are_accepted(string tag) =>
        Assert.Empty(Validate(new OperationRequest(OperationKind.Deploy, "staging", "olga", ImageTag: tag)));

    [Theory]
    [InlineData("webapp:v2")]
    [InlineData("-v2")]
    [InlineData(".hidden")]
    [InlineData("v2/evil")]
    [InlineData("a tag")]
    [InlineData("v2\n")]
    [InlineData("v2\r\nforged")]
    public void Anything_else_is_not_a_tag(string tag) =>
        Assert.Contains("is not an image tag", Assert.Single(Validate(new OperationRequest(OperationKind.Deploy, "staging", "olga",
            ImageTag: tag))["imageTag"]));

    [Fact]
    public void A_tag_longer_than_128_characters_is_refused() =>
        Assert.True(Validate(new OperationRequest(OperationKind.Deploy, "staging", "olga", ImageTag: new string('a', 129))).ContainsKey("imageTag"));

    [Fact]
    public void A_protected_environment_needs_its_exact_name()
    {
        var request = new OperationRequest(OperationKind.Rollback, "production", "olga");
        Assert.True(Validate(request).ContainsKey("confirmEnvironment"));
        Assert.True(Validate(request, "Production").ContainsKey("confirmEnvironment"));
        Assert.Empty(Validate(request, "production"));
    }

    [Fact]
    public void A_schedule_never_pauses_a_protected_environment_even_with_its_name() =>
        Assert.Contains("a schedule never pauses it", Validate(new OperationRequest(OperationKind.Pause, "production", "schedule:nightly"),
            "production")["environment"][0]);

    [Fact]
    public void Weights_name_every_region_within_0_to_255()
    {
        var errors = Validate(new OperationRequest(OperationKind.Rebalance, "staging", "olga",
            Weights: new Dictionary<string, int> { ["us-east-1"] = 256, ["eu-west-1"] = 1 }));
        Assert.Contains("outside 0-255", errors["weights.us-east-1"][0]);
        Assert.Contains("is not a region of staging", errors["weights.eu-west-1"][0]);
        Assert.Contains("is required", errors["weights.us-east-2"][0]);
    }

    [Fact]
    public void An_unknown_environment_lists_the_known_ones() =>
        Assert.Equal("Unknown environment 'qa'. Known: production, staging.",
            Validate(new OperationRequest(OperationKind.Resume, "qa", "olga"))["environment"][0]);

    [Theory]
    [InlineData("111122223333.dkr.ecr.us-east-1.amazonaws.com/webapp:v1", "111122223333.dkr.ecr.us-east-1.amazonaws.com/webapp:v2")]
    [InlineData("111122223333.dkr.ecr.us-east-1.amazonaws.com/team/webapp@sha256:abc", "111122223333.dkr.ecr.us-east-1.amazonaws.com/team/webapp:v2")]
    [InlineData("registry.local:5000/webapp", "registry.local:5000/webapp:v2")]
    public void An_image_gets_a_new_tag_in_the_same_repository(string image, string expected) =>
        Assert.Equal(expected, ImageReference.WithTag(image, "v2"));

    [Fact]
    public void A_canary_with_drain_is_refused_naming_the_field()
    {
        var errors = Validate(new OperationRequest(OperationKind.Deploy, "staging", "olga", ImageTag: "v2", Drain: true, Strategy: DeploymentStrategy.Canary));

        Assert.Contains("rolling deployment only", Assert.Single(errors["drain"]));
        Assert.Empty(Validate(new OperationRequest(OperationKind.Deploy, "staging", "olga", ImageTag: "v2", Strategy: DeploymentStrategy.Canary)));
    }

    [Fact]
    public void A_canary_needs_a_second_region_to_compare_with()
    {
        var single = Environment("solo", isProtected: false) with { Regions = [Environment("solo", false).Regions[0]] };
        var errors = OperationRules.Validate(new OperationRequest(OperationKind.Deploy, "solo", "olga", ImageTag: "v2", Strategy: DeploymentStrategy.Canary),
            new PortalTopology([single]), null);

        Assert.Contains("at least two regions", Assert.Single(errors["strategy"]));
    }

    private static readonly PortalTopology Mixed = new(
    [
        new EnvironmentTopology("staging", false, "Z123", "staging.example.com", "webapp-staging",
        [
            new RegionTopology("us-east-1", "arn:aws:apprunner:us-east-1:111122223333:service/webapp-staging/0123456789abcdef0123456789abcdef", "webapp",
                "hc-1", "us-east-1"),
            new RegionTopology("us-east-2", "arn:aws:ecs:us-east-2:111122223333:service/default/webapp-staging", "webapp", "hc-2",
                "us-east-2-ecs-express") { Runtime = RegionRuntime.EcsExpress },
        ]),
        new EnvironmentTopology("express", false, "Z123", "express.example.com", "webapp-express",
        [
            new RegionTopology("us-east-1", "arn:aws:ecs:us-east-1:111122223333:service/default/webapp-express", "webapp", "hc-3",
                "us-east-1") { Runtime = RegionRuntime.EcsExpress },
            new RegionTopology("us-east-2", "arn:aws:ecs:us-east-2:111122223333:service/default/webapp-express", "webapp", "hc-4",
                "us-east-2") { Runtime = RegionRuntime.EcsExpress },
        ]),
    ]);

    [Theory]
    [InlineData(OperationKind.Pause)]
    [InlineData(OperationKind.Resume)]
    public void Pausing_or_resuming_an_ecs_express_region_is_refused_saying_why(OperationKind kind)
    {
        var errors = OperationRules.Validate(new OperationRequest(kind, "staging", "olga", Region: "us-east-2"), Mixed, null);
        var message = Assert.Single(errors["region"]);
        Assert.Contains("us-east-2 runs ECS Express, which cannot be paused", message);
        Assert.Contains("minTaskCount", message);
    }

    [Fact]
    public void Pausing_a_mixed_environment_is_allowed_and_pausing_an_all_express_one_is_refused()
    {
        Assert.Empty(OperationRules.Validate(new OperationRequest(OperationKind.Pause, "staging", "olga"), Mixed, null));
        Assert.Empty(OperationRules.Validate(new OperationRequest(OperationKind.Pause, "staging", "olga", Region: "us-east-1"), Mixed, null));
        Assert.Contains("Every region of express runs ECS Express", Assert.Single(OperationRules.Validate(new OperationRequest(OperationKind.Pause, "express",
            "olga"), Mixed, null)["region"]));
    }
}
