using Portal.Core.Canary;
using Portal.Core.Operations;
using Portal.Core.Status;

namespace Portal.Core.Tests;

public sealed class CanaryRunnerTests
{
    private readonly TwoRegionWorld _world = new();
    private readonly OperationSettings _operations = new() { PollInterval = TimeSpan.FromSeconds(30), BakeTime = TimeSpan.FromMinutes(2) };
    private readonly CanarySettings _canary = new() { AnalysisTime = TimeSpan.FromMinutes(10), Extension = TimeSpan.FromMinutes(5),
        MaxAnalysisTime = TimeSpan.FromMinutes(20) };

    private CanaryRunner Runner()
    {
        var services = new ServiceSteps(_world, _operations);
        var routes = new RouteSteps(_world, _operations);
        var deployments = new DeploymentRunner(_world, _world, _world, services, routes, new BakeCheck(_world, _world, _world, _operations), _operations);
        return new CanaryRunner(deployments, routes, _world, _world, new CanaryAnalysisStep(new CanaryAnalysis(_world, _canary), _canary, _operations),
            _canary);
    }

    private async Task<(OperationRecord Record, Exception? Error, string? Outcome)> RunAsync(string tag, string? id = null, CancellationToken ct = default)
    {
        var record = id is null ? await _world.CreateAsync(new OperationRequest(OperationKind.Deploy, "production", "ana",
            ImageTag: tag)) : (await _world.GetAsync(id))!;
        await _world.MarkRunningAsync(record.Id);
        var run = new OperationRun(_world, (await _world.GetAsync(record.Id))!, _world.Time, ct);
        try
        {
            var outcome = await Runner().RunAsync(run, _world.Env, tag);
            return ((await _world.GetAsync(record.Id))!, null, outcome);
        }
        catch (Exception ex)
        {
            return ((await _world.GetAsync(record.Id))!, ex, null);
        }
    }

    private static CanaryReport Analysis(OperationRecord record) =>
        CanaryReport.FromJson(System.Text.Json.Nodes.JsonNode.Parse(record.Steps.Last(s => s.Name.Contains("canary analysis")).Data!)!["analysis"])!;

    [Fact]
    public async Task A_good_image_passes_at_the_canary_share_then_rolls_out_everywhere()
    {
        var (record, error, outcome) = await RunAsync("v2");

        Assert.Null(error);
        Assert.Contains("Canary passed in us-east-1", outcome);
        Assert.Equal(["us-east-1 v2", "us-east-2 v2"], _world.Updates);
        Assert.Equal(128, _world.WeightOf("use1"));
        var report = Analysis(record);
        Assert.Equal(CanaryVerdict.Pass, report.Judgement.Verdict);
        Assert.Equal(2, report.Comparisons.Count); // the baseline region and the canary's own hour before
        Assert.InRange(report.ServedShare!.Value, 0.09, 0.11);
        Assert.Contains(record.Steps, s => s.Name == "us-east-1: canary share" && s.Message!.Contains("9.9%"));
        Assert.DoesNotContain(record.Steps, s => s.Name == "us-east-1: bake 2 min"); // the analysis is the canary's bake
        Assert.Contains(record.Steps, s => s.Name == "us-east-2: bake 2 min");
    }

    [Fact]
    public async Task While_the_analysis_runs_each_whole_minute_is_recorded_as_an_interim_report_and_only_the_final_one_decides()
    {
        var interims = new List<CanaryReport>();
        _world.OnStepUpdated = step =>
        {
            if (step.State == StepState.Running && step.Name.Contains("canary analysis") && step.Data is { } data
                && System.Text.Json.Nodes.JsonNode.Parse(data)?["analysis"] is { } analysis)
                interims.Add(CanaryReport.FromJson(analysis)!);
        };

        var (record, error, _) = await RunAsync("v2");

        Assert.Null(error);
        Assert.All(interims, r => Assert.True(r.Interim));
        // The job page's charts grow minute by minute over the same start: 1 min, 2 min ... up to before the end (10 min).
        var minutes = interims.Select(r => (r.End - r.Start).TotalMinutes).Distinct().ToList();
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9], minutes);
        Assert.Single(interims.Select(r => r.Start).Distinct());
        Assert.Contains(interims, r => r.Series.Any(s => s.Canary.Count > 0 && s.Baseline.Count > 0));
        var final = Analysis(record);
        Assert.False(final.Interim);
        Assert.Equal(10, (final.End - final.Start).TotalMinutes);
    }

    [Fact]
    public async Task A_broken_image_fails_the_analysis_at_the_canary_share_and_is_rolled_back()
    {
        var (record, error, _) = await RunAsync("v3-broken");

        var failed = Assert.IsType<StepFailedException>(error);
        Assert.Contains("Canary failed in us-east-1", failed.Message);
        Assert.Contains("5xx share", failed.Message);
        Assert.Equal(["us-east-1 v3-broken", "us-east-1 v1"], _world.Updates); // rolled back; us-east-2 never touched
        Assert.EndsWith(":v1", _world.ImageOf("us-east-1"));
        Assert.Equal(128, _world.WeightOf("use1"));
        var report = Analysis(record);
        Assert.Equal(CanaryVerdict.Fail, report.Judgement.Verdict);
        // The broken image served no more than the canary share (10%) plus a stated tolerance of one point.
        Assert.True(report.ServedShare <= _canary.Share + 0.01, $"served {report.ServedShare}");
    }

    [Fact]
    public async Task A_latency_only_regression_is_caught_and_rolled_back()
    {
        var (record, error, _) = await RunAsync("v3-slow");

        Assert.IsType<StepFailedException>(error);
        var report = Analysis(record);
        Assert.Equal(CanaryVerdict.Pass, report.Judgement.Metrics.Single(m => m.Key == "http5xx").Verdict);
        Assert.Equal(CanaryVerdict.Fail, report.Judgement.Metrics.Single(m => m.Key == "latencyP99").Verdict);
        Assert.EndsWith(":v1", _world.ImageOf("us-east-1"));
        Assert.Equal(128, _world.WeightOf("use1"));
    }

    [Fact]
    public async Task Little_traffic_is_inconclusive_extends_to_the_limit_then_fails_safe()
    {
        _world.RequestsPerMinute = 60; // 6 a minute reach the canary: far below 200 requests in 20 minutes

        var (record, error, _) = await RunAsync("v2");

        var failed = Assert.IsType<StepFailedException>(error);
        Assert.Contains("still inconclusive after 20 min", failed.Message);
        Assert.Contains("failing safe", failed.Message);
        var report = Analysis(record);
        Assert.Equal(TimeSpan.FromMinutes(20), report.End - report.Start); // 10 min, then two 5 min extensions
        Assert.Equal(0, report.Start.Second); // whole CloudWatch minutes, from the first after the canary went live
        Assert.EndsWith(":v1", _world.ImageOf("us-east-1"));
        Assert.Equal(128, _world.WeightOf("use1"));
    }

    [Fact]
    public async Task Cancel_during_the_analysis_rolls_back_and_restores_the_weight()
    {
        var id = (await _world.CreateAsync(new OperationRequest(OperationKind.Deploy, "production", "ana", ImageTag: "v2"))).Id;
        _world.OnMetricsRead = () => _world.RequestCancelAsync(id).GetAwaiter().GetResult();
        var (_, error, _) = await RunAsync("v2", id);

        Assert.IsType<OperationCancelledByUserException>(error);
        Assert.EndsWith(":v1", _world.ImageOf("us-east-1"));
        Assert.Equal(128, _world.WeightOf("use1"));
        Assert.EndsWith(":v1", _world.ImageOf("us-east-2"));
    }

    [Fact]
    public async Task A_restart_mid_analysis_resumes_and_restores_the_weight_from_before_the_canary()
    {
        var id = (await _world.CreateAsync(new OperationRequest(OperationKind.Deploy, "production", "ana", ImageTag: "v2"))).Id;
        using var shutdown = new CancellationTokenSource();
        _world.OnMetricsRead = shutdown.Cancel;
        var (first, error, _) = await RunAsync("v2", id, shutdown.Token);
        Assert.IsAssignableFrom<OperationCanceledException>(error);
        Assert.Equal(14, _world.WeightOf("use1"));
        Assert.Equal(StepState.Running, first.Steps[^1].State);

        _world.OnMetricsRead = null;
        var (_, again, outcome) = await RunAsync("v2", id);

        Assert.Null(again);
        Assert.Contains("Canary passed", outcome);
        Assert.Equal(128, _world.WeightOf("use1"));
        Assert.Equal(["us-east-1 v2", "us-east-2 v2"], _world.Updates); // not deployed twice
    }

    [Fact]
    public void The_plan_names_the_share_the_comparisons_and_what_a_failure_does()
    {
        var plan = CanaryRunner.Plan(_world.Env, "v2", _canary);

        Assert.Contains(plan, p => p.Contains("10%") && p.Contains("us-east-1"));
        Assert.Contains(plan, p => p.Contains("against us-east-2 over the same minutes and against its own hour before"));
        Assert.Contains(plan, p => p.StartsWith("Fail: roll us-east-1 back"));
    }
}
