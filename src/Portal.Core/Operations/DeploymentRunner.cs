using System.Text.Json.Nodes;
using Portal.Core.Health;
using Portal.Core.Images;
using Portal.Core.Services;
using Portal.Core.Topology;

namespace Portal.Core.Operations;

/// <summary>What a rollout deploys: one tag everywhere (a deployment), or each region's own image (a rollback).</summary>
public sealed record DeploymentTargets(string? Tag, IReadOnlyDictionary<string, string>? Images)
{
    public static DeploymentTargets ForTag(string tag) => new(tag, null);

    public static DeploymentTargets ForImages(IReadOnlyDictionary<string, string> images) => new(null, images);

    public string TargetFor(string region, string currentImage) =>
        Images is not null ? Images[region] : ImageReference.WithTag(currentImage, Tag!);
}

/// <summary>
/// A rollout, region by region in rollout order: wait for the image in the region's ECR, optionally drain the
/// region, UpdateService, wait for App Runner, bake while healthy, restore the weight. A failure stops the rollout,
/// rolls the failed region back to its previous image (unless switched off) and leaves the other regions as they are.
/// </summary>
public sealed class DeploymentRunner(
    IServiceRuntime runtime,
    IImageRegistry images,
    IHealthChecks health,
    ServiceSteps services,
    RouteSteps routes,
    BakeCheck bake,
    OperationSettings settings)
{
    public const string CheckStep = "Check every region can be deployed";

    /// <summary>Runs the rollout; returns the outcome line, or throws <see cref="StepFailedException"/> with the whole story.</summary>
    public async Task<string> RunAsync(OperationRun run, EnvironmentTopology env, DeploymentTargets targets, bool drain)
    {
        var check = await run.StepAsync(CheckStep, step => CheckAsync(step, env, targets));
        var previous = check["previous"]!.AsObject();
        var wanted = check["targets"]!.AsObject();

        var done = new List<string>();
        await DeployRegionsAsync(run, env, env.Regions, previous, wanted, drain, done);
        return $"Deployed {(targets.Tag ?? "the previous images")} to {string.Join(", ", done)}. Now: " +
            $"{await RegionStates.DescribeAsync(runtime, env, run.CancellationToken)}.";
    }

    /// <summary>
    /// Deploys <paramref name="regions"/> one after another; on a failure or cancel recovers that region and throws the
    /// story (what failed, what was put back, which regions in <paramref name="done"/> keep the new image).
    /// </summary>
    internal async Task DeployRegionsAsync(OperationRun run, EnvironmentTopology env, IEnumerable<RegionTopology> regions,
        JsonObject previous, JsonObject wanted, bool drain, List<string> done)
    {
        foreach (var region in regions)
        {
            var target = (string)wanted[region.Region]!;
            var before = (string)previous[region.Region]!;
            var tag = ImageReference.TagOf(target) ?? target;
            try
            {
                await DeployRegionAsync(run, env, region, target, tag, drain);
                done.Add(region.Region);
            }
            catch (Exception ex) when (ex is StepFailedException or OperationCancelledException || !run.CancellationToken.IsCancellationRequested)
            {
                var reason = ex is OperationCancelledException ? "the operator cancelled." : ex.Message;
                var recovery = await RecoverRegionAsync(run, env, region, before, target, drain, cancelled: ex is OperationCancelledException);
                var states = await RegionStates.DescribeAsync(runtime, env, CancellationToken.None);
                var story = $"{(ex is OperationCancelledException ? "Cancelled" : "Failed")} in {region.Region}: {reason} {recovery} " +
                    (done.Count > 0 ? $"Already deployed and left as they are: {string.Join(", ", done)}. " : "") +
                    $"Now: {states}.";
                if (ex is OperationCancelledException) throw new OperationCancelledByUserException(story);
                throw new StepFailedException(story);
            }
        }
    }

    internal async Task CheckAsync(StepScope step, EnvironmentTopology env, DeploymentTargets targets)
    {
        var previous = new JsonObject();
        var wanted = new JsonObject();
        var problems = new List<string>();
        foreach (var region in env.Regions)
        {
            var state = await runtime.DescribeAsync(region.Region, region.ServiceArn, step.Run.CancellationToken);
            if (state.ImageIdentifier is null) { problems.Add($"{region.Region} is not deployed from an image repository"); continue; }
            if (state.Status != ServiceStatus.Running)
                problems.Add(state.Status switch
                {
                    ServiceStatus.OperationInProgress => $"{region.Region} is OPERATION_IN_PROGRESS (another {region.RuntimeName} change is running; try " +
                        $"again when it is RUNNING)",
                    ServiceStatus.Paused => $"{region.Region} is PAUSED (a paused service cannot be deployed; resume it first)",
                    _ => $"{region.Region} is {state.Status.ToAwsName()} (only a RUNNING service can be deployed)",
                });
            previous[region.Region] = state.ImageIdentifier;
            wanted[region.Region] = targets.TargetFor(region.Region, state.ImageIdentifier);
        }
        if (problems.Count > 0) throw new StepFailedException($"Nothing was changed: {string.Join("; ", problems)}.");
        step.Data["previous"] = previous;
        step.Data["targets"] = wanted;
        step.Done("Every region is RUNNING. Before: " + string.Join(", ",
            env.Regions.Select(r => $"{r.Region} {ImageReference.TagOf((string?)previous[r.Region])}")) + ".");
    }

    internal async Task DeployRegionAsync(OperationRun run, EnvironmentTopology env, RegionTopology region, string target, string tag, bool drain,
        bool withBake = true)
    {
        var r = region.Region;
        await run.StepAsync($"{r}: image {tag} in ECR", step => WaitForImageAsync(step, region, target, tag));
        if (drain) await DrainAsync(run, env, region);

        await run.StepAsync($"{r}: deploy {tag}", async step =>
        {
            var state = await runtime.DescribeAsync(r, region.ServiceArn, run.CancellationToken);
            if (state.ImageIdentifier == target && state.Status == ServiceStatus.Running)
            {
                step.Skip($"{r} already runs {tag}.");
                return;
            }
            if (state.Status == ServiceStatus.OperationInProgress && step.Resumed)
            {
                step.Done($"A {region.RuntimeName} change was already in progress when the portal came back; not updating {r} a second time.");
                return;
            }
            if (state.Status != ServiceStatus.Running)
                throw new StepFailedException($"{r} is {state.Status.ToAwsName()}, not RUNNING; {UpdateCall(region)} was not called.");
            var update = await runtime.UpdateImageAsync(r, region.ServiceArn, target, run.CancellationToken);
            Record(step, update);
            step.Done($"{UpdateCall(region)} accepted: {update.OperationText}; {update.Kept.Summary}.");
        });

        await run.StepAsync($"{r}: wait for {region.RuntimeName}", async step =>
        {
            var settled = await services.WaitUntilSettledAsync(step, region, null, $"deploying {tag}");
            if (settled.Status != ServiceStatus.Running || settled.ImageIdentifier != target)
                throw new StepFailedException($"{r}: {await services.LatestOperationAsync(region, run.CancellationToken)}; the service is " +
                    $"{settled.Status.ToAwsName()} on {settled.ImageTag}.");
            step.Done($"{r} is RUNNING {tag}.");
        });

        if (withBake && settings.BakeTime > TimeSpan.Zero)
            await run.StepAsync($"{r}: bake {Format.Span(settings.BakeTime)}", async step =>
            {
                // Judge only the image this rollout deployed: resumed after a restart, the region may since have been
                // rolled back or redeployed by App Runner or a person, and its health would say nothing about this image.
                var state = await runtime.DescribeAsync(r, region.ServiceArn, run.CancellationToken);
                if (state.ImageIdentifier != target || state.Status != ServiceStatus.Running)
                    throw new StepFailedException($"{r} is {state.Status.ToAwsName()} on {state.ImageTag}, not RUNNING {tag}" +
                        (step.Resumed ? " (it changed while the portal was away)" : "") + "; the bake judges only the image this rollout deployed.");
                await bake.RunAsync(step, region, state.Url);
            });

        if (drain) await RestoreWeightAsync(run, env, region);
    }

    private static string UpdateCall(RegionTopology region) =>
        region.Runtime == RegionRuntime.EcsExpress ? "UpdateExpressGatewayService" : "UpdateService";

    // What the update kept is recorded as names and counts only: the job page and the audit trail show it.
    private static void Record(StepScope step, ImageUpdate update)
    {
        if (update.OperationId is not null) step.Data["operationId"] = update.OperationId;
        step.Data["kept"] = update.Kept.ToJson();
    }

    private async Task WaitForImageAsync(StepScope step, RegionTopology region, string target, string tag)
    {
        var run = step.Run;
        if (target.Contains('@'))
        {
            step.Skip("The image is pinned by digest; App Runner checks it.");
            return;
        }
        var deadline = run.Time.GetUtcNow() + settings.ImageWaitTimeout;
        while (true)
        {
            var image = await images.FindImageAsync(region.Region, region.EcrRepository, tag, run.CancellationToken);
            if (image is not null)
            {
                step.Data["digest"] = image.Digest;
                step.Done($"{region.EcrRepository}:{tag} is in {region.Region}" +
                    (image.Digest is { } digest ? $" ({digest[..Math.Min(19, digest.Length)]}…)." : " (ECR named no digest)."));
                return;
            }
            if (run.Time.GetUtcNow() >= deadline)
                throw new StepFailedException($"{region.EcrRepository}:{tag} did not appear in {region.Region}'s ECR within " +
                    $"{Format.Span(settings.ImageWaitTimeout)} " +
                    "(is cross-region replication working, and was the tag pushed?). Nothing was changed in this region.");
            await step.ReportAsync($"Waiting for {region.EcrRepository}:{tag} to replicate into {region.Region}.");
            await run.DelayAsync(settings.PollInterval);
        }
    }

    private async Task DrainAsync(OperationRun run, EnvironmentTopology env, RegionTopology region)
    {
        await run.StepAsync($"{region.Region}: drain", async step =>
        {
            foreach (var other in env.Regions.Where(o => o.Region != region.Region))
            {
                var status = await health.GetStatusAsync(other.HealthCheckId, run.CancellationToken);
                if (!status.IsHealthy)
                    throw new StepFailedException($"Not draining {region.Region}: {other.Region} is unhealthy ({status.HealthyCount} of {status.Total} " +
                        $"checkers), so draining would leave no healthy region. Nothing was changed.");
            }
            var records = await routes.GetRecordsAsync(env.HostedZoneId, env.RecordName, run.CancellationToken);
            var current = records.Single(x => x.SetIdentifier == region.SetIdentifier).Weight;
            // Resumed after the drain was submitted: the weight to restore is the one recorded before it.
            var recorded = step.Resumed ? run.InterruptedDataOf($"{region.Region}: drain")?["weight"]?.GetValue<int>() : null;
            step.Data["weight"] = recorded ?? current;
            var change = await routes.SetWeightsAsync(step, env.HostedZoneId, env.RecordName, new Dictionary<string, int> { [region.SetIdentifier] = 0 },
                $"Portal: drain {region.Region} for a deployment ({run.Record.Id})");
            if (change is not null) await routes.WaitInSyncAsync(step, change);
            step.Done($"{region.Region} drained: weight {step.Data["weight"]} → 0, INSYNC.");
        });
    }

    private async Task RestoreWeightAsync(OperationRun run, EnvironmentTopology env, RegionTopology region)
    {
        var weight = PreviousWeightOrDefault(run, region);
        await run.StepAsync($"{region.Region}: restore weight", async step =>
        {
            var change = await routes.SetWeightsAsync(step, env.HostedZoneId, env.RecordName, new Dictionary<string, int> { [region.SetIdentifier] = weight },
                $"Portal: restore {region.Region} after a deployment ({run.Record.Id})");
            if (change is not null) await routes.WaitInSyncAsync(step, change);
            step.Done($"{region.Region} weight back to {weight}, INSYNC.");
        });
    }

    // Restoring is only ever reached after the drain step completed, and that step records the weight it found.
    private static int PreviousWeightOrDefault(OperationRun run, RegionTopology region) =>
        run.DataOf($"{region.Region}: drain")?["weight"]?.GetValue<int>()
            ?? throw new StepFailedException($"{region.Region}: the drain step recorded no weight to restore; set the weight on the Rebalance page.");

    /// <summary>After a failure or cancel in <paramref name="region"/>: put back what the rollout changed there, and say so.</summary>
    internal async Task<string> RecoverRegionAsync(OperationRun run, EnvironmentTopology env, RegionTopology region, string before, string target, bool drain,
        bool cancelled)
    {
        var r = region.Region;
        var notes = new List<string>();
        var deployStep = $"{r}: deploy {ImageReference.TagOf(target) ?? target}";
        // UpdateService is called only inside the deploy step: before it began, the region is untouched whatever a read says.
        var (touched, unreadable) = !run.Started(deployStep) ? (false, null)
            : run.Completed(deployStep) ? (true, null)
            : await ImageIsAsync(region, target);
        if (unreadable is not null)
            notes.Add($"{r}'s state could not be read ({unreadable}); UpdateService may have been called there, so check it before acting.");
        else if (touched && settings.RollbackOnFailure && !cancelled)
        {
            try
            {
                await run.StepAsync($"{r}: roll back to {ImageReference.TagOf(before)}", async step =>
                {
                    var settled = await services.WaitUntilSettledAsync(step, region, null, "finishing the failed deployment");
                    string? kept = null;
                    if (settled.ImageIdentifier != before)
                    {
                        if (settled.Status != ServiceStatus.Running)
                            throw new StepFailedException($"{r} is {settled.Status.ToAwsName()}; it cannot be rolled back until it is RUNNING.");
                        var update = await runtime.UpdateImageAsync(r, region.ServiceArn, before, step.Run.CancellationToken);
                        Record(step, update);
                        kept = update.Kept.Summary;
                        settled = await services.WaitUntilSettledAsync(step, region, ServiceStatus.Running, $"rolling back to {ImageReference.TagOf(before)}");
                    }
                    step.Done($"{r} is {settled.Status.ToAwsName()} {settled.ImageTag}" +
                        (kept is null ? "." : $"; {kept}."));
                });
                notes.Add($"{r} was rolled back to {ImageReference.TagOf(before)}.");
            }
            catch (Exception ex) when (ex is StepFailedException || !run.CancellationToken.IsCancellationRequested)
            {
                notes.Add($"Rolling {r} back to {ImageReference.TagOf(before)} failed too ({ex.Message}); {r} needs a person.");
            }
        }
        else if (touched)
            notes.Add(cancelled ? $"{r} keeps what App Runner finishes deploying; it was not rolled back." : $"{r} was not rolled back (rollback on failure " +
                $"is off).");
        else
            notes.Add(run.Started(deployStep) ? $"{r} was not changed." : $"{r} was not changed (UpdateService was never called there).");

        if (drain && run.Completed($"{r}: drain"))
        {
            try
            {
                await RestoreWeightAsync(run, env, region);
                notes.Add($"Its weight was restored to {PreviousWeightOrDefault(run, region)}.");
            }
            catch (Exception ex) when (ex is StepFailedException || !run.CancellationToken.IsCancellationRequested)
            {
                notes.Add($"Restoring its weight failed ({ex.Message}); it is still drained (weight 0).");
            }
        }
        return string.Join(" ", notes);
    }

    /// <summary>Whether the region runs (or is moving to) the target; the read's error instead when it cannot be read.</summary>
    private async Task<(bool Touched, string? Unreadable)> ImageIsAsync(RegionTopology region, string target)
    {
        try
        {
            var state = await runtime.DescribeAsync(region.Region, region.ServiceArn, CancellationToken.None);
            return (state.ImageIdentifier == target || state.Status == ServiceStatus.OperationInProgress, null);
        }
        catch (Exception ex)
        {
            // A failed read is not a change: say it could not be read rather than roll back what may be untouched.
            return (false, ex.Message);
        }
    }
}

/// <summary>A user cancel, with the story of what the rollout left behind.</summary>
public sealed class OperationCancelledByUserException(string story) : Exception(story);
