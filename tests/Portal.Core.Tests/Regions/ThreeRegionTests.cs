using Portal.Core.Canary;
using Portal.Core.Operations;
using Portal.Core.Traffic;

namespace Portal.Core.Tests.Regions;

/// <summary>Rollout order, weights, guardrails and the projected share with three regions, not only two.</summary>
public sealed class ThreeRegionTests
{
    private readonly TwoRegionWorld _world = new(regions: 3);
    private readonly OperationSettings _operations = new() { PollInterval = TimeSpan.FromSeconds(30), BakeTime = TimeSpan.FromMinutes(2) };

    private DeploymentRunner Deployments() => new(_world, _world, _world, new ServiceSteps(_world, _operations), new RouteSteps(_world, _operations),
        new BakeCheck(_world, _world, _world, _operations), _operations);

    private async Task<(OperationRecord Record, string Outcome)> RunAsync(OperationKind kind, Func<OperationRun, Task<string>> body)
    {
        var record = await _world.CreateAsync(new OperationRequest(kind, "production", "ana", ImageTag: "v2"));
        await _world.MarkRunningAsync(record.Id);
        var outcome = await body(new OperationRun(_world, (await _world.GetAsync(record.Id))!, _world.Time, CancellationToken.None));
        return ((await _world.GetAsync(record.Id))!, outcome);
    }

    [Fact]
    public async Task A_deployment_rolls_out_to_all_three_regions_in_rollout_order_baking_each()
    {
        var (record, _) = await RunAsync(OperationKind.Deploy, run => Deployments().RunAsync(run, _world.Env, DeploymentTargets.ForTag("v2"), drain: false));

        Assert.Equal(["us-east-1 v2", "us-east-2 v2", "us-west-2 v2"], _world.Updates);
        Assert.Equal(["us-east-1: bake 2 min", "us-east-2: bake 2 min", "us-west-2: bake 2 min"], record.Steps.Where(s => s.Name.Contains("bake"))
            .Select(s => s.Name));
        Assert.All(_world.Env.Regions, r => Assert.EndsWith(":v2", _world.ImageOf(r.Region)));
    }

    [Fact]
    public async Task A_canary_in_the_first_of_three_regions_is_compared_with_the_other_two_then_rolled_out_to_both()
    {
        var canary = new CanarySettings { AnalysisTime = TimeSpan.FromMinutes(10), Extension = TimeSpan.FromMinutes(5),
            MaxAnalysisTime = TimeSpan.FromMinutes(20) };
        var runner = new CanaryRunner(Deployments(), new RouteSteps(_world, _operations), _world, _world,
            new CanaryAnalysisStep(new CanaryAnalysis(_world, canary), canary, _operations), canary);

        var (record, outcome) = await RunAsync(OperationKind.Deploy, run => runner.RunAsync(run, _world.Env, "v2"));

        Assert.Contains("Canary passed in us-east-1", outcome);
        Assert.Equal(["us-east-1 v2", "us-east-2 v2", "us-west-2 v2"], _world.Updates);
        // The canary's share of three regions at 128 each is brought to about 10%, then its weight comes back.
        Assert.Contains(record.Steps, s => s.Name == "us-east-1: canary share" && s.State == StepState.Succeeded);
        Assert.Equal(128, _world.WeightOf("use1"));
        Assert.Contains("us-east-2, us-west-2", CanaryRunner.Plan(_world.Env, "v2", canary)[2]);
    }

    [Fact]
    public async Task A_rebalance_sets_three_weights_in_one_change()
    {
        var runner = new RebalanceRunner(_world, _world, new RouteSteps(_world, _operations));
        var weights = new Dictionary<string, int> { ["us-east-1"] = 200, ["us-east-2"] = 55, ["us-west-2"] = 0 };

        await RunAsync(OperationKind.Rebalance, run => runner.RunAsync(run, _world.Env, weights, allowAllZero: false));

        Assert.Equal([200, 55, 0], new[] { "use1", "use2", "usw2" }.Select(_world.WeightOf));
    }

    [Fact]
    public void The_projected_share_follows_route_53s_rules_across_three_regions()
    {
        static IReadOnlyDictionary<string, double> Shares(params (string Region, int Weight, bool Healthy)[] t) =>
            WeightedRouting.Shares([.. t.Select(x => new WeightedTarget(x.Region, x.Weight, x.Healthy))]);

        Assert.Equal(1 / 3.0, Shares(("a", 128, true), ("b", 128, true), ("c", 128, true))["c"], 6);
        Assert.Equal(0.5, Shares(("a", 128, true), ("b", 128, false), ("c", 128, true))["a"], 6);
        Assert.Equal(0.0, Shares(("a", 128, true), ("b", 128, false), ("c", 128, true))["b"], 6);
        // Zero-weight regions serve only when every non-zero one is unhealthy.
        Assert.Equal(0.5, Shares(("a", 128, false), ("b", 0, true), ("c", 0, true))["c"], 6);
        Assert.Equal(1 / 3.0, Shares(("a", 0, true), ("b", 0, true), ("c", 0, true))["a"], 6);
    }

    [Fact]
    public void Draining_one_of_three_regions_keeps_the_other_two_as_they_are()
    {
        var current = new Dictionary<string, int?> { ["us-east-1"] = 200, ["us-east-2"] = 55, ["us-west-2"] = 128 };

        var drained = WeightPresets.Drain("us-east-2", ["us-east-1", "us-east-2", "us-west-2"], current);

        Assert.Equal(new Dictionary<string, int> { ["us-east-1"] = 200, ["us-east-2"] = 0, ["us-west-2"] = 128 }, drained);
        Assert.Equal(["even", "drain:us-east-1", "drain:us-east-2", "drain:us-west-2", "current"],
            WeightPresets.For(["us-east-1", "us-east-2", "us-west-2"], current).Select(p => p.Key));
    }

    [Fact]
    public void The_guardrail_refuses_sending_everything_to_two_unhealthy_regions_away_from_the_healthy_third()
    {
        var weights = new Dictionary<string, int> { ["us-east-1"] = 0, ["us-east-2"] = 128, ["us-west-2"] = 128 };
        var healthy = new Dictionary<string, bool> { ["us-east-1"] = true, ["us-east-2"] = false, ["us-west-2"] = false };

        Assert.Equal("this sends all traffic to us-east-2 and us-west-2, which are unhealthy or paused, and away from us-east-1, which is healthy.",
            RebalanceGuardrails.Refusal(weights, healthy, allowAllZero: false));
        Assert.Null(RebalanceGuardrails.Refusal(new Dictionary<string, int> { ["us-east-1"] = 10, ["us-east-2"] = 128, ["us-west-2"] = 128 }, healthy,
            allowAllZero: false));
    }
}
