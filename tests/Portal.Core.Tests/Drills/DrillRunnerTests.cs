using Portal.Core.Drills;
using Portal.Core.Operations;

namespace Portal.Core.Tests.Drills;

public sealed class DrillRunnerTests
{
    private readonly TwoRegionWorld _world = new();
    private readonly OperationSettings _operations = new() { PollInterval = TimeSpan.FromSeconds(30) };
    private readonly DrillSettings _drills = new();
    private static readonly TimeSpan Hold = TimeSpan.FromMinutes(5);

    private DrillRunner Runner() => new(_world, _world, _world, new RouteSteps(_world, _operations), _world, _drills, _operations);

    private async Task<(OperationRecord Record, Exception? Error, string? Outcome)> RunAsync(DrillKind kind, string? id = null, CancellationToken ct = default)
    {
        id ??= (await _world.CreateAsync(new OperationRequest(OperationKind.Deploy, "production", "ana"))).Id;
        await _world.MarkRunningAsync(id);
        var run = new OperationRun(_world, (await _world.GetAsync(id))!, _world.Time, ct);
        try
        {
            var outcome = await Runner().RunAsync(run, _world.Env, kind, "us-east-2", Hold);
            return ((await _world.GetAsync(id))!, null, outcome);
        }
        catch (Exception ex)
        {
            return ((await _world.GetAsync(id))!, ex, null);
        }
    }

    [Fact]
    public async Task An_evacuation_moves_the_traffic_holds_restores_the_weight_and_reports_a_pass()
    {
        var (record, error, outcome) = await RunAsync(DrillKind.Evacuate);

        Assert.Null(error);
        Assert.StartsWith("Verdict Pass", outcome);
        Assert.Equal(128, _world.WeightOf("use2"));
        var report = DrillReport.FromSteps(record.Steps)!;
        Assert.Equal("Pass", report.Verdict);
        Assert.Equal(3000, report.RequestsPerMinuteBefore); // half of 6000 a minute at 128/128
        Assert.InRange(report.TimeToMove!.Value, TimeSpan.FromMinutes(1), _drills.MoveObjective);
        Assert.Equal(0.002, report.Others5xxShare!.Value, 6);
        Assert.Equal(6, report.OthersMaxInstances["us-east-1"]); // all 6000 a minute, 1000 per instance
        Assert.All(report.Objectives, o => Assert.True(o.Met));
        Assert.Equal(3, report.Timeline.Count);
        Assert.Contains("| Traffic moved off the region | within 5 min |", report.ToMarkdown());
        Assert.Empty(_world.HealthCheckUpdates);
    }

    [Fact]
    public async Task A_health_check_drill_inverts_the_check_so_route_53_routes_around_it_then_un_inverts()
    {
        var (record, error, _) = await RunAsync(DrillKind.HealthCheck);

        Assert.Null(error);
        Assert.Equal(["hc-2 inverted", "hc-2 not inverted"], _world.HealthCheckUpdates);
        Assert.False(_world.IsInverted("hc-2"));
        Assert.Equal(128, _world.WeightOf("use2")); // weights never touched
        Assert.Equal("Pass", DrillReport.FromSteps(record.Steps)!.Verdict);
    }

    [Fact]
    public async Task Cancel_during_the_hold_still_restores_and_leaves_a_report()
    {
        var id = (await _world.CreateAsync(new OperationRequest(OperationKind.Deploy, "production", "ana"))).Id;
        _world.OnStepBegun = name => { if (name.StartsWith("Hold", StringComparison.Ordinal)) _world.RequestCancelAsync(id).GetAwaiter().GetResult(); };

        var (record, error, _) = await RunAsync(DrillKind.HealthCheck, id);

        Assert.IsType<OperationCancelledByUserException>(error);
        Assert.False(_world.IsInverted("hc-2"));
        Assert.Contains(record.Steps, s => s.Name == "us-east-2: un-invert its health check" && s.State == StepState.Succeeded);
        Assert.Equal("Fail", DrillReport.FromSteps(record.Steps)!.Verdict);
    }

    [Fact]
    public async Task A_restart_mid_drill_resumes_and_restores_the_weight()
    {
        var id = (await _world.CreateAsync(new OperationRequest(OperationKind.Deploy, "production", "ana"))).Id;
        using var shutdown = new CancellationTokenSource();
        var reads = 0;
        // The fourth read is the first look for moved traffic, after the preflight's three (both regions' concurrency, requests).
        _world.OnMetricsRead = () => { if (++reads == 4) shutdown.Cancel(); };
        var (first, stopped, _) = await RunAsync(DrillKind.Evacuate, id, shutdown.Token);
        Assert.IsAssignableFrom<OperationCanceledException>(stopped);
        Assert.Equal(0, _world.WeightOf("use2"));
        Assert.Equal(StepState.Running, first.Steps[^1].State);

        _world.OnMetricsRead = null;
        var (_, error, outcome) = await RunAsync(DrillKind.Evacuate, id);

        Assert.Null(error);
        Assert.StartsWith("Verdict Pass", outcome);
        Assert.Equal(128, _world.WeightOf("use2"));
    }

    [Fact]
    public async Task A_drill_is_refused_when_the_other_region_could_not_take_the_traffic()
    {
        await _world.SetWeightsAsync("Z1", "app.example.com", [new("use1", 0, "hc-1", "CNAME", 60, ["x"])], "test");

        var (record, error, _) = await RunAsync(DrillKind.Evacuate);

        Assert.Contains("every other region has weight 0", Assert.IsType<StepFailedException>(error).Message);
        Assert.Equal(["Preflight"], record.Steps.Select(s => s.Name));
        Assert.Equal(128, _world.WeightOf("use2"));
    }

    [Fact]
    public async Task The_preflight_passes_when_the_other_region_fully_scaled_covers_the_current_concurrency()
    {
        _world.Capacities["us-east-1"] = new(1, 62); // 62 at most; both regions serve 30 × wobble (at most 30.6) now

        var (record, error, _) = await RunAsync(DrillKind.Evacuate);

        Assert.Null(error);
        var preflight = record.Steps.Single(s => s.Name == DrillRunner.PreflightStep);
        Assert.Contains("the other regions can serve 62 concurrent requests at most (us-east-1 1 × 62)", preflight.Message);
    }

    [Fact]
    public async Task A_drill_is_refused_with_the_figures_when_the_other_regions_could_not_serve_the_current_concurrency()
    {
        _world.Capacities["us-east-1"] = new(2, 25); // 50 at most, against about 60 being served now

        var (record, error, _) = await RunAsync(DrillKind.Evacuate);

        var message = Assert.IsType<StepFailedException>(error).Message;
        Assert.StartsWith("Refused, nothing was changed:", message);
        Assert.Matches(@"can serve 50 concurrent requests at most \(us-east-1 2 × 25\) and all regions serve 6[01](\.\d)? now", message);
        Assert.Contains("without us-east-2 the others could not serve the current load", message);
        Assert.Equal(["Preflight"], record.Steps.Select(s => s.Name));
        Assert.Equal(128, _world.WeightOf("use2"));
        Assert.Empty(_world.HealthCheckUpdates);
    }

    [Fact]
    public async Task A_drill_is_refused_saying_which_capacity_could_not_be_read()
    {
        _world.Capacities.Remove("us-east-1");

        var (record, error, _) = await RunAsync(DrillKind.HealthCheck);

        var message = Assert.IsType<StepFailedException>(error).Message;
        Assert.Contains("us-east-1's auto-scaling configuration could not be read (AccessDeniedException: not authorized to perform " +
            "apprunner:DescribeAutoScalingConfiguration", message);
        Assert.DoesNotContain("concurrent requests at most", message);
        Assert.Equal(["Preflight"], record.Steps.Select(s => s.Name));
        Assert.Empty(_world.HealthCheckUpdates);
    }

    [Fact]
    public void Settings_name_every_problem()
    {
        var problems = new DrillSettings { DefaultHold = TimeSpan.FromHours(2), MovedShare = 2, MoveTimeout = TimeSpan.FromMinutes(1) }.Problems().ToList();

        Assert.Contains(problems, p => p.StartsWith("Portal:Drills:DefaultHold "));
        Assert.Contains(problems, p => p.StartsWith("Portal:Drills:MovedShare "));
        Assert.Contains(problems, p => p.StartsWith("Portal:Drills:MoveTimeout "));
        Assert.Empty(new DrillSettings().Problems());
    }
}
