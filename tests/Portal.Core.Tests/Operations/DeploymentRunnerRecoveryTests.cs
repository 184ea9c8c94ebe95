using Portal.Core.Operations;

namespace Portal.Core.Tests;

/// <summary>
/// A region-by-region rollout recovering, in memory: a failed bake puts that region back and leaves the rest alone, and a
/// rollout cut short by a shutdown resumes from its records without calling UpdateService a second time.
/// </summary>
public sealed class DeploymentRunnerRecoveryTests
{
    private readonly TwoRegionWorld _world = new();
    private readonly OperationSettings _operations = new() { PollInterval = TimeSpan.FromSeconds(30), BakeTime = TimeSpan.FromMinutes(2) };

    private DeploymentRunner Runner() => new(_world, _world, _world, new ServiceSteps(_world, _operations), new RouteSteps(_world, _operations),
        new BakeCheck(_world, _world, _world, _operations), _operations);

    private async Task<(OperationRecord Record, Exception? Error, string? Outcome)> RunAsync(string id, CancellationToken ct = default)
    {
        await _world.MarkRunningAsync(id);
        var record = (await _world.GetAsync(id))!;
        var run = new OperationRun(_world, record, _world.Time, ct);
        try
        {
            var outcome = await Runner().RunAsync(run, _world.Env, DeploymentTargets.ForTag(record.Request.ImageTag!), drain: false);
            return ((await _world.GetAsync(id))!, null, outcome);
        }
        catch (Exception ex)
        {
            return ((await _world.GetAsync(id))!, ex, null);
        }
    }

    private async Task<string> DeployAsync(string tag) =>
        (await _world.CreateAsync(new OperationRequest(OperationKind.Deploy, "production", "ana", ImageTag: tag))).Id;

    [Fact]
    public async Task A_region_that_fails_its_bake_is_rolled_back_and_the_next_region_is_never_touched()
    {
        var (record, error, _) = await RunAsync(await DeployAsync("v3-broken"));

        var failed = Assert.IsType<StepFailedException>(error);
        Assert.Contains("Failed in us-east-1", failed.Message);
        Assert.Contains("5xx", failed.Message);
        Assert.Equal(["us-east-1 v3-broken", "us-east-1 v1"], _world.Updates);
        Assert.EndsWith(":v1", _world.ImageOf("us-east-1"));
        Assert.EndsWith(":v1", _world.ImageOf("us-east-2"));
        Assert.DoesNotContain(record.Steps, s => s.Name.StartsWith("us-east-2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_rollout_stopped_mid_bake_resumes_from_its_records_without_updating_a_region_twice()
    {
        var id = await DeployAsync("v2");
        using var shutdown = new CancellationTokenSource();
        _world.OnMetricsRead = shutdown.Cancel; // the portal stops during us-east-1's bake
        var (first, error, _) = await RunAsync(id, shutdown.Token);
        Assert.IsAssignableFrom<OperationCanceledException>(error);
        Assert.Equal(StepState.Running, first.Steps[^1].State);
        Assert.Equal(["us-east-1 v2"], _world.Updates);

        _world.OnMetricsRead = null;
        var (resumed, again, outcome) = await RunAsync(id);

        Assert.Null(again);
        Assert.Contains("Deployed v2 to us-east-1, us-east-2", outcome);
        Assert.Equal(["us-east-1 v2", "us-east-2 v2"], _world.Updates);
        // The interrupted bake ran again (checking the image first) rather than being taken as passed.
        Assert.Contains(resumed.Steps, s => s.Name == "us-east-1: bake 2 min" && s.State == StepState.Succeeded);
    }
}
