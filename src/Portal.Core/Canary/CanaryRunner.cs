using System.Runtime.CompilerServices;
using Portal.Core.Health;
using Portal.Core.Operations;
using Portal.Core.Services;
using Portal.Core.Topology;
using Portal.Core.Traffic;

namespace Portal.Core.Canary;

/// <summary>
/// The canary strategy of a deployment. The first region in rollout order becomes the canary: its weight is lowered
/// so Route 53 gives it the canary share, the image is deployed there (the safe deploy of a rollout), and the
/// analysis compares it with the regions still on the old image. Pass: ramp it back to its full weight (through
/// the ramp shares, each analysed), then deploy the remaining regions as a rollout does. Fail, fail safe, or cancel:
/// roll the canary region back and restore its weight; the other regions were never touched.
/// </summary>
public sealed class CanaryRunner(
    DeploymentRunner deployments,
    RouteSteps routes,
    IHealthChecks health,
    IServiceRuntime runtime,
    CanaryAnalysisStep analysisStep,
    CanarySettings settings)
{
    public static string ShareStep(RegionTopology canary) => $"{canary.Region}: canary share";

    public static string AnalysisStep(RegionTopology canary, double share) => $"{canary.Region}: canary analysis at {Format.Percent(share)}";

    /// <summary>The steps the canary will take, as the Deploy page shows them before submit.</summary>
    public static IReadOnlyList<string> Plan(EnvironmentTopology env, string tag, CanarySettings settings)
    {
        var canary = env.Regions[0].Region;
        var others = env.Regions.Skip(1).Select(r => r.Region).ToList();
        var plan = new List<string>
        {
            $"Lower {canary}'s weight so Route 53 sends it {Format.Percent(settings.Share)} of the traffic; wait until INSYNC.",
            $"Deploy {tag} to {canary}; wait until it is RUNNING.",
            $"Analyse for {Format.Span(settings.AnalysisTime)} (up to {Format.Span(settings.MaxAnalysisTime)} when inconclusive): {canary} against " +
                $"{string.Join(", ", others)} over the same minutes and against its own hour before; 5xx share, p99 and p50 latency, CPU, memory.",
        };
        plan.AddRange(settings.RampShares.Select(s => $"Pass: ramp {canary} to {Format.Percent(s)} and analyse again."));
        plan.Add($"Pass: restore {canary}'s full weight, then deploy {string.Join(", ", others)} one by one as a rollout does (bake after each).");
        plan.Add($"Fail: roll {canary} back to its previous image and restore its weight; {string.Join(", ", others)} {(others.Count == 1 ? "is" : "are")} " +
            $"not touched.");
        return plan;
    }

    public async Task<string> RunAsync(OperationRun run, EnvironmentTopology env, string tag)
    {
        if (env.Regions.Count < 2)
            throw new StepFailedException($"A canary needs at least two regions (one to try the image, one to compare with); {env.Name} has " +
                $"{env.Regions.Count}. Nothing was changed.");
        var check = await run.StepAsync(DeploymentRunner.CheckStep, step => deployments.CheckAsync(step, env, DeploymentTargets.ForTag(tag)));
        var previous = check["previous"]!.AsObject();
        var wanted = check["targets"]!.AsObject();
        var canary = env.Regions[0];
        var baselines = env.Regions.Skip(1).ToList();
        var target = (string)wanted[canary.Region]!;
        var before = (string)previous[canary.Region]!;

        CanaryReport? last = null;
        // The weight to come back to, known as soon as the share step has read it (that step may fail after Route 53 took the change).
        var fullWeight = new StrongBox<int?>(FullWeight(run, canary));
        try
        {
            await SetShareAsync(run, env, canary, settings.Share, ShareStep(canary), fullWeight);
            await deployments.DeployRegionAsync(run, env, canary, target, tag, drain: false, withBake: false);
            last = await AnalyseAsync(run, canary, baselines, settings.Share);
            foreach (var share in settings.RampShares)
            {
                await SetShareAsync(run, env, canary, share, $"{canary.Region}: ramp to {Format.Percent(share)}", fullWeight);
                last = await AnalyseAsync(run, canary, baselines, share);
            }
            await RestoreWeightAsync(run, env, canary, $"{canary.Region}: full weight", "the canary passed", fullWeight.Value!.Value);
        }
        catch (Exception ex) when (ex is StepFailedException or OperationCancelledException || !run.CancellationToken.IsCancellationRequested)
        {
            var cancelled = ex is OperationCancelledException;
            run.RestoringAfterCancel = cancelled;
            var reason = cancelled ? "the operator cancelled." : ex.Message;
            // A cancelled canary is abandoned too: the operator stopped it before it was judged good.
            var recovery = await deployments.RecoverRegionAsync(run, env, canary, before, target, drain: false, cancelled: false);
            var weight = await RestoreAfterFailureAsync(run, env, canary, fullWeight.Value);
            var story = $"{(cancelled ? "Cancelled" : "Canary failed")} in {canary.Region}: {reason} {recovery} {weight} " +
                $"{string.Join(", ", baselines.Select(b => b.Region))} {(baselines.Count == 1 ? "was" : "were")} not changed. Now: " +
                    $"{await RegionStates.DescribeAsync(runtime, env, CancellationToken.None)}.";
            if (cancelled) throw new OperationCancelledByUserException(story);
            throw new StepFailedException(story);
        }

        var done = new List<string> { canary.Region };
        await deployments.DeployRegionsAsync(run, env, baselines, previous, wanted, drain: false, done);
        return $"Canary passed in {canary.Region}" + (last is null ? "" : $" ({last.Judgement.Summary.TrimEnd('.')})") +
            $"; deployed {tag} to {string.Join(", ", done)}. Now: {await RegionStates.DescribeAsync(runtime, env, run.CancellationToken)}.";
    }

    private async Task SetShareAsync(OperationRun run, EnvironmentTopology env, RegionTopology canary, double share, string name, StrongBox<int?> fullWeight)
    {
        await run.StepAsync(name, async step =>
        {
            var records = await routes.GetRecordsAsync(env.HostedZoneId, env.RecordName, run.CancellationToken);
            var targets = new List<WeightedTarget>();
            foreach (var region in env.Regions)
            {
                var record = records.SingleOrDefault(r => r.SetIdentifier == region.SetIdentifier)
                    ?? throw new StepFailedException($"Route 53 has no weighted record '{region.SetIdentifier}' for {env.RecordName}; the configuration and " +
                        $"the zone disagree. Nothing was changed.");
                var status = await health.GetStatusAsync(region.HealthCheckId, run.CancellationToken);
                if (region != canary && !status.IsHealthy)
                    throw new StepFailedException($"Not starting the canary: {region.Region} is unhealthy ({status.HealthyCount} of {status.Total} " +
                        $"checkers), so it cannot serve as the baseline or carry the rest of the traffic. Nothing was changed.");
                targets.Add(new WeightedTarget(region.Region, record.Weight, status.IsHealthy));
            }
            // The weight to come back to is the one before the canary started, even when this step runs again after a restart.
            var full = fullWeight.Value ?? (step.Resumed ? run.InterruptedDataOf(name)?["fullWeight"]?.GetValue<int>() : null)
                ?? targets.Single(t => t.Region == canary.Region).Weight;
            step.Data["fullWeight"] = full;
            fullWeight.Value = full;
            if (full == 0)
                throw new StepFailedException($"{canary.Region} has weight 0 (it serves no traffic), so it cannot carry a canary share; set its weight " +
                    $"first. Nothing was changed.");
            var before = targets.Select(t => t.Region == canary.Region ? t with { Weight = full } : t).ToList();
            CanaryWeightPlan plan;
            try { plan = CanaryWeights.ForShare(canary.Region, before, share); }
            catch (InvalidOperationException ex) { throw new StepFailedException(ex.Message + " Nothing was changed."); }
            step.Data["weight"] = plan.Weight;
            step.Data["share"] = plan.ProjectedShare;
            step.Data["changedAt"] = (ChangedAt(run, canary) ?? run.Time.GetUtcNow()).ToString("O");
            var change = await routes.SetWeightsAsync(step, env.HostedZoneId, env.RecordName,
                new Dictionary<string, int> { [canary.SetIdentifier] = plan.Weight },
                $"Portal: canary share {Format.Percent(share)} for {canary.Region} ({run.Record.Id})");
            if (change is not null) await routes.WaitInSyncAsync(step, change);
            step.Done($"{canary.Region} now gets {Format.Percent(plan.ProjectedShare)} of the traffic by Route 53's weighted rules (asked for " +
                $"{Format.Percent(share)}), INSYNC.");
        });
    }

    private static int? FullWeight(OperationRun run, RegionTopology canary) => run.DataOf(ShareStep(canary))?["fullWeight"]?.GetValue<int>();

    // The change that the canary's "hour before" ends at: when its share was first lowered.
    private static DateTimeOffset? ChangedAt(OperationRun run, RegionTopology canary) =>
        run.DataOf(ShareStep(canary))?["changedAt"] is { } at ? DateTimeOffset.Parse((string)at!, System.Globalization.CultureInfo.InvariantCulture) : null;

    private Task<CanaryReport> AnalyseAsync(OperationRun run, RegionTopology canary, IReadOnlyList<RegionTopology> baselines, double share) =>
        analysisStep.RunAsync(run, AnalysisStep(canary, share), canary, baselines, share, ChangedAt(run, canary));

    private async Task RestoreWeightAsync(OperationRun run, EnvironmentTopology env, RegionTopology canary, string name, string why, int weight) =>
        await run.StepAsync(name, async step =>
        {
            var change = await routes.SetWeightsAsync(step, env.HostedZoneId, env.RecordName, new Dictionary<string, int> { [canary.SetIdentifier] = weight },
                $"Portal: {canary.Region} back to its full weight, {why} ({run.Record.Id})");
            if (change is not null) await routes.WaitInSyncAsync(step, change);
            step.Done($"{canary.Region} weight back to {weight}, INSYNC.");
        });

    private async Task<string> RestoreAfterFailureAsync(OperationRun run, EnvironmentTopology env, RegionTopology canary, int? known)
    {
        // A share step cut short by a restart may have had its change taken by Route 53: restore whenever the weight was read.
        var weight = known ?? run.InterruptedDataOf(ShareStep(canary))?["fullWeight"]?.GetValue<int>();
        if (weight is null) return "Its weight was not changed.";
        try
        {
            await RestoreWeightAsync(run, env, canary, $"{canary.Region}: restore weight after the canary", "the canary did not pass", weight.Value);
            return $"Its weight was restored to {weight}.";
        }
        catch (Exception ex) when (ex is StepFailedException || !run.CancellationToken.IsCancellationRequested)
        {
            return $"Restoring its weight to {weight} failed ({ex.Message}); set it on the Rebalance page.";
        }
    }
}
