using Portal.Core.Canary;
using Portal.Core.Health;
using Portal.Core.Operations;
using Portal.Core.Services;
using Portal.Core.Topology;
using Portal.Core.Traffic;

namespace Portal.Core.Migration;

/// <summary>
/// Moves one region's traffic from its App Runner service to the ECS Express service beside it, by weight, in the
/// steps of <see cref="MigrationPlan"/>; each step is judged by the canary analysis (ECS Express against App Runner in
/// the same region). A failed step puts the whole share back on App Runner; a cancel restores the last split that
/// passed. At the end App Runner carries 0 and, if the operator asked, is paused.
/// </summary>
public sealed class MigrationRunner(IServiceRuntime runtime, IHealthChecks health, RouteSteps routes, ServiceSteps services, CanaryAnalysisStep analysis)
{
    public const string CheckStep = "Check the migration's preconditions";

    public static string ShiftStep(string region, double fraction) => $"{region}: shift {MigrationPlan.StepLabel(fraction)}";

    public static string AnalysisStep(string region, double fraction) => $"{region}: analysis at {MigrationPlan.StepLabel(fraction)}";

    public async Task<string> RunAsync(OperationRun run, EnvironmentTopology env, string regionName, bool pauseAppRunner)
    {
        var region = env.FindRegion(regionName) ?? throw new StepFailedException($"{regionName} is not a region of {env.Name}. Nothing was changed.");
        var target = region.Express ?? throw new StepFailedException($"{region.Region} of {env.Name} has no ECS Express service configured beside App Runner " +
            $"(Regions:Express in the topology). Nothing was changed.");
        var express = target.AsRegion(region);
        var r = region.Region;

        var check = await run.StepAsync(CheckStep, step => CheckAsync(step, env, region, express));
        var total = check["total"]!.GetValue<int>();
        var regionShare = check["regionShare"]!.GetValue<double>();
        var before = new RuntimeSplit(check["appRunner"]!.GetValue<int>(), check["express"]!.GetValue<int>());
        var lastGood = before;
        try
        {
            foreach (var fraction in MigrationPlan.Fractions)
            {
                var split = MigrationPlan.SplitFor(total, fraction);
                // Resumed past a step, or started from a partial split: never move traffic back towards App Runner here.
                if (split.Express < before.Express) continue;
                await SetSplitAsync(run, env, region, target, split, ShiftStep(r, fraction), $"shift {MigrationPlan.StepLabel(fraction)}");
                await analysis.RunAsync(run, AnalysisStep(r, fraction), express, [region], fraction * regionShare, ChangedAt(run, ShiftStep(r, fraction)));
                lastGood = split;
            }
        }
        catch (Exception ex) when (ex is StepFailedException or OperationCancelledException || !run.CancellationToken.IsCancellationRequested)
        {
            var cancelled = ex is OperationCancelledException;
            run.RestoringAfterCancel = cancelled;
            // A failed step goes back to App Runner whole; a cancel keeps what was already judged good.
            var restore = cancelled ? lastGood : new RuntimeSplit(total, 0);
            string restored;
            try
            {
                await SetSplitAsync(run, env, region, target, restore, cancelled ? $"{r}: restore the last good split" : $"{r}: roll back to App Runner",
                    cancelled ? "restore the last good split after a cancel" : "roll back to App Runner after a failed step");
                restored = $"Weights restored: {restore}.";
            }
            catch (Exception again) when (again is StepFailedException || !run.CancellationToken.IsCancellationRequested)
            {
                restored = $"Restoring {restore} failed too ({again.Message}); set the weights on the Rebalance page.";
            }
            var story = $"{(cancelled ? "Cancelled" : "Migration failed")} in {r}: {(cancelled ? "the operator cancelled." : ex.Message)} {restored}";
            if (cancelled) throw new OperationCancelledByUserException(story);
            throw new StepFailedException(story);
        }

        var paused = "";
        if (pauseAppRunner)
        {
            await run.StepAsync($"{r}: pause App Runner", async step =>
            {
                var state = await runtime.DescribeAsync(r, region.ServiceArn, run.CancellationToken);
                if (state.Status == ServiceStatus.Paused) { step.Skip($"{r}'s App Runner service is already PAUSED."); return; }
                if (state.Status == ServiceStatus.Running) await runtime.PauseAsync(r, region.ServiceArn, run.CancellationToken);
                var settled = await services.WaitUntilSettledAsync(step, region, ServiceStatus.Paused, "pausing App Runner");
                step.Done($"{r}'s App Runner service is {settled.Status.ToAwsName()}; it costs nothing but storage until resumed or deleted.");
            });
            paused = " App Runner is paused.";
        }
        return $"{r} of {env.Name} moved to ECS Express: {MigrationPlan.SplitFor(total, 1)}.{paused} " +
            "To make ECS Express the region's runtime in the portal's configuration, set the region's Runtime to EcsExpress with the Express service's ARN, " +
                "record and health check.";
    }

    private async Task CheckAsync(StepScope step, EnvironmentTopology env, RegionTopology region, RegionTopology express)
    {
        var ct = step.Run.CancellationToken;
        var r = region.Region;
        var problems = new List<string>();
        var appRunnerState = await runtime.DescribeAsync(r, region.ServiceArn, ct);
        var expressState = await runtime.DescribeAsync(r, express.ServiceArn, ct);
        if (appRunnerState.Status != ServiceStatus.Running) problems.Add($"its App Runner service is {appRunnerState.Status.ToAwsName()}, not RUNNING");
        if (expressState.Status != ServiceStatus.Running) problems.Add($"its ECS Express service is {expressState.Status.ToAwsName()}, not RUNNING (a " +
            $"deployment may be under way)");
        if (appRunnerState.ImageIdentifier != expressState.ImageIdentifier)
            problems.Add($"the two services run different images (App Runner {appRunnerState.ImageTag ?? "none"}, ECS Express " +
                $"{expressState.ImageTag ?? "none"}); deploy the same tag to both first, so the analysis compares runtimes, not releases");

        var records = await routes.GetRecordsAsync(env.HostedZoneId, env.RecordName, ct);
        var appRunnerRecord = records.SingleOrDefault(x => x.SetIdentifier == region.SetIdentifier);
        var expressRecord = records.SingleOrDefault(x => x.SetIdentifier == express.SetIdentifier);
        if (appRunnerRecord is null) problems.Add($"Route 53 has no weighted record '{region.SetIdentifier}' (App Runner's) for {env.RecordName}");
        if (expressRecord is null) problems.Add($"Route 53 has no weighted record '{express.SetIdentifier}' (ECS Express's) for {env.RecordName}; each " +
            $"service needs its own record");
        foreach (var (name, x) in new[] { ("App Runner", region), ("ECS Express", express) })
        {
            var status = await health.GetStatusAsync(x.HealthCheckId, ct);
            if (!status.IsHealthy) problems.Add($"{name}'s health check {x.HealthCheckId} is unhealthy ({status.HealthyCount} of {status.Total} checkers)");
        }
        var split = appRunnerRecord is null || expressRecord is null ? null : new RuntimeSplit(appRunnerRecord.Weight, expressRecord.Weight);
        // Resumed: the split recorded before anything moved is the one to measure from.
        var recorded = step.Resumed ? step.Run.InterruptedDataOf(CheckStep) : null;
        if (recorded?["total"] is not null) split = new RuntimeSplit(recorded["appRunner"]!.GetValue<int>(), recorded["express"]!.GetValue<int>());
        if (split is { Total: 0 }) problems.Add("both records have weight 0, so the region has no share to move; give it a weight on the Rebalance page first");
        else if (split is { Total: 1 }) problems.Add("the region's total weight is 1, which cannot be split between two records; give it a larger weight " +
            "first");
        if (problems.Count > 0) throw new StepFailedException($"Not migrating {r}: {string.Join("; ", problems)}. Nothing was changed.");

        step.Data["total"] = split!.Total;
        step.Data["appRunner"] = split.AppRunner;
        step.Data["express"] = split.Express;
        var all = records.Sum(x => x.Weight);
        step.Data["regionShare"] = all == 0 ? 0 : (double)split.Total / all;
        step.Done($"Both services RUNNING {appRunnerState.ImageTag}, each with its own record and healthy check. Now: {split}; ECS Express will get " +
            string.Join(", then ", MigrationPlan.Fractions.Select(f => $"{MigrationPlan.SplitFor(split.Total, f).Express} ({f * 100:0}%)")) + ".");
    }

    private async Task SetSplitAsync(OperationRun run, EnvironmentTopology env, RegionTopology region, ExpressTarget target, RuntimeSplit split, string name,
        string why) =>
        await run.StepAsync(name, async step =>
        {
            // Resumed: the change may already be in Route 53, and its time is when the step first ran.
            step.Data["changedAt"] = (step.Resumed ? run.InterruptedDataOf(name)?["changedAt"]?.GetValue<string>() : null) ?? run.Time.GetUtcNow()
                .ToString("O");
            var change = await routes.SetWeightsAsync(step, env.HostedZoneId, env.RecordName,
                new Dictionary<string, int> { [region.SetIdentifier] = split.AppRunner, [target.SetIdentifier] = split.Express },
                $"Portal: {region.Region} {why} ({run.Record.Id})");
            if (change is null) { step.Skip($"Route 53 already has {split}."); return; }
            await routes.WaitInSyncAsync(step, change);
            step.Done($"{split} ({Format.Percent(split.ExpressShare)} of {region.Region}'s share on ECS Express), INSYNC.");
        });

    // Each analysis's "hour before" ends when its own step moved traffic: at 100% App Runner serves nothing to compare
    // with, and ECS Express at full share is judged against itself at the share before.
    private static DateTimeOffset? ChangedAt(OperationRun run, string shiftStep) =>
        run.DataOf(shiftStep)?["changedAt"] is { } at
            ? DateTimeOffset.Parse((string)at!, System.Globalization.CultureInfo.InvariantCulture) : null;
}
