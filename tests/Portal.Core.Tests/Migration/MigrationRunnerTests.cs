using Portal.Core.Canary;
using Portal.Core.Migration;
using Portal.Core.Operations;
using Portal.Core.Services;

namespace Portal.Core.Tests.Migration;

public sealed class MigrationRunnerTests
{
    private readonly MigrationWorld _world = new();
    private readonly OperationSettings _operations = new() { PollInterval = TimeSpan.FromSeconds(30) };
    private readonly CanarySettings _canary = new() { AnalysisTime = TimeSpan.FromMinutes(10), Extension = TimeSpan.FromMinutes(5),
        MaxAnalysisTime = TimeSpan.FromMinutes(20) };

    private MigrationRunner Runner() => new(_world, _world, new RouteSteps(_world, _operations), new ServiceSteps(_world, _operations),
        new CanaryAnalysisStep(new CanaryAnalysis(_world, _canary), _canary, _operations));

    private async Task<(OperationRecord Record, Exception? Error, string? Outcome)> RunAsync(bool pause = false, string? id = null,
        CancellationToken ct = default)
    {
        var store = _world.Store;
        var record = id is null ? await store.CreateAsync(new OperationRequest(OperationKind.Migrate, "production", "ana", Region: "us-east-2",
            PauseAppRunner: pause)) : (await store.GetAsync(id))!;
        await store.MarkRunningAsync(record.Id);
        var run = new OperationRun(store, (await store.GetAsync(record.Id))!, store.Time, ct);
        try
        {
            var outcome = await Runner().RunAsync(run, _world.Env, "us-east-2", pause);
            return ((await store.GetAsync(record.Id))!, null, outcome);
        }
        catch (Exception ex)
        {
            return ((await store.GetAsync(record.Id))!, ex, null);
        }
    }

    [Theory]
    [InlineData(128, 0.10, 115, 13)]
    [InlineData(128, 0.50, 64, 64)]
    [InlineData(128, 1.0, 0, 128)]
    [InlineData(2, 0.10, 1, 1)]
    [InlineData(255, 0.10, 229, 26)]
    public void Each_step_splits_the_region_weight_and_keeps_its_total(int total, double fraction, int appRunner, int express)
    {
        Assert.Equal(new RuntimeSplit(appRunner, express), MigrationPlan.SplitFor(total, fraction));
    }

    [Fact]
    public void A_region_with_weight_zero_or_one_cannot_be_split()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MigrationPlan.SplitFor(0, 0.1));
        Assert.Contains("cannot be split", Assert.Throws<InvalidOperationException>(() => MigrationPlan.SplitFor(1, 0.5)).Message);
    }

    [Fact]
    public async Task A_healthy_express_service_takes_the_region_in_three_analysed_steps_and_app_runner_may_be_paused()
    {
        var (record, error, outcome) = await RunAsync(pause: true);

        Assert.Null(error);
        Assert.Equal(["use2 115, use2-ecs 13", "use2 64, use2-ecs 64", "use2 0, use2-ecs 128"], _world.Changes);
        Assert.Equal((0, 128, 128), (_world.WeightOf("use2"), _world.WeightOf("use2-ecs"), _world.WeightOf("use1")));
        Assert.Equal(
        [
            MigrationRunner.CheckStep,
            "us-east-2: shift 10% to ECS Express", "us-east-2: analysis at 10% to ECS Express",
            "us-east-2: shift 50% to ECS Express", "us-east-2: analysis at 50% to ECS Express",
            "us-east-2: shift 100% to ECS Express", "us-east-2: analysis at 100% to ECS Express",
            "us-east-2: pause App Runner",
        ], record.Steps.Select(s => s.Name));
        var reports = CanaryReport.FromSteps(record.Steps);
        Assert.Equal(3, reports.Count);
        Assert.All(reports, r => Assert.Equal(CanaryVerdict.Pass, r.Report.Judgement.Verdict));
        // At 10% Express is judged against App Runner over the same minutes; at 100% App Runner serves nothing, so
        // the comparison is with Express's own hour before.
        Assert.Contains(reports[0].Report.Comparisons, c => c.Contains("us-east-2 (new image) against us-east-2 (old image)", StringComparison.Ordinal));
        Assert.DoesNotContain(reports[2].Report.Comparisons, c => c.Contains("over the same minutes", StringComparison.Ordinal));
        Assert.Equal([MigrationWorld.AppRunnerArn], _world.Paused);
        Assert.Contains("moved to ECS Express: App Runner 0, ECS Express 128. App Runner is paused.", outcome);
    }

    [Fact]
    public async Task A_failing_step_puts_the_whole_share_back_on_app_runner()
    {
        _world.ExpressBroken = true;
        var (record, error, _) = await RunAsync();

        var failed = Assert.IsType<StepFailedException>(error);
        Assert.Contains("Migration failed in us-east-2: The analysis failed the canary", failed.Message);
        Assert.Contains("Weights restored: App Runner 128, ECS Express 0.", failed.Message);
        Assert.Equal(["use2 115, use2-ecs 13", "use2 128, use2-ecs 0"], _world.Changes);
        Assert.Equal("us-east-2: roll back to App Runner", record.Steps[^1].Name);
        Assert.Empty(_world.Paused);
    }

    [Fact]
    public async Task A_cancel_after_a_passed_step_restores_that_split_not_app_runner_whole()
    {
        var recordId = "";
        // Cancelled while the 50% step is being analysed, after the 10% one passed.
        _world.Store.OnStepBegun = name =>
        {
            if (name == "us-east-2: analysis at 50% to ECS Express") _world.Store.RequestCancelAsync(recordId).GetAwaiter().GetResult();
        };
        var created = await _world.Store.CreateAsync(new OperationRequest(OperationKind.Migrate, "production", "ana", Region: "us-east-2"));
        recordId = created.Id;
        var (record, error, _) = await RunAsync(id: recordId);

        var cancelled = Assert.IsType<OperationCancelledByUserException>(error);
        Assert.True(cancelled.Message.Contains("Weights restored: App Runner 115, ECS Express 13.", StringComparison.Ordinal), cancelled.Message);
        Assert.Equal((115, 13), (_world.WeightOf("use2"), _world.WeightOf("use2-ecs")));
        Assert.Equal("us-east-2: restore the last good split", record.Steps[^1].Name);
    }

    [Fact]
    public async Task Services_on_different_images_are_refused_and_nothing_moves()
    {
        _world.Images[MigrationWorld.ExpressArn] = "x/webapp:v2";
        _world.Statuses[MigrationWorld.AppRunnerArn] = ServiceStatus.Paused;
        var (_, error, _) = await RunAsync();

        var failed = Assert.IsType<StepFailedException>(error);
        Assert.Contains("Not migrating us-east-2: its App Runner service is PAUSED, not RUNNING; the two services run different images (App Runner v1, ECS " +
            "Express v2)", failed.Message);
        Assert.EndsWith("Nothing was changed.", failed.Message);
        Assert.Empty(_world.Changes);
    }

    [Fact]
    public async Task A_restart_mid_migration_resumes_after_the_last_completed_step()
    {
        using var stop = new CancellationTokenSource();
        // The portal stops while the 50% step is analysed (its first metrics read after the step began).
        var analysing50 = false;
        _world.Store.OnStepBegun = name => analysing50 |= name == "us-east-2: analysis at 50% to ECS Express";
        _world.OnMetricsRead = () => { if (analysing50) stop.Cancel(); };
        var (first, error, _) = await RunAsync(ct: stop.Token);
        Assert.IsAssignableFrom<OperationCanceledException>(error);
        Assert.Equal((64, 64), (_world.WeightOf("use2"), _world.WeightOf("use2-ecs")));

        _world.OnMetricsRead = null;
        _world.Store.OnStepBegun = null;
        var (record, again, outcome) = await RunAsync(id: first.Id);

        Assert.Null(again);
        Assert.Contains("moved to ECS Express", outcome);
        // No step moved traffic twice: one change per step, in order.
        Assert.Equal(["use2 115, use2-ecs 13", "use2 64, use2-ecs 64", "use2 0, use2-ecs 128"], _world.Changes);
        Assert.Equal(3, CanaryReport.FromSteps(record.Steps).Count(r => r.Report.Judgement.Verdict == CanaryVerdict.Pass));
    }
}
