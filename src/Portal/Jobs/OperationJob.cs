using Portal.Core.Operations;
using Portal.Core.Services;
using Portal.Topology;
using Quartz;

namespace Portal.Jobs;

/// <summary>
/// Quartz's side of an operation: loads the record, runs its kind's runner, and ends the record. Marked for
/// recovery, so a firing cut short by a crash or a shutdown runs again when a portal starts; the runner then
/// resumes from the last completed step.
/// </summary>
public sealed class OperationJob(
    IOperationStore store,
    TopologySource topology,
    IServiceRuntime runtime,
    DeploymentRunner deployments,
    Core.Canary.CanaryRunner canaries,
    Core.Drills.DrillRunner drills,
    Core.Drills.DrillSettings drillSettings,
    RebalanceRunner rebalances,
    PauseResumeRunner pauses,
    OperationFinisher finisher,
    TimeProvider time,
    ILogger<OperationJob> logger) : IJob
{
    /// <summary>What an operator should know about an AWS failure beyond its message.</summary>
    private static string Guidance(Exception ex) => Aws.Route53.Route53Client.IsControlPlaneFailure(ex)
        ? "Route 53's API (its control plane, in us-east-1) is failing. Health-check failover keeps working without it: an unhealthy region stops getting traffic automatically; this change can wait until the API is back. "
        : "";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var id = context.MergedJobDataMap.GetString(OperationQueue.OperationIdKey);
        var record = id is null ? null : await store.GetAsync(id, cancellationToken);
        if (record is null || record.IsFinished) return;
        if (record.CancelRequested && record.State == OperationState.Queued)
        {
            await finisher.FinishAsync(record, OperationState.Cancelled, "Cancelled before it started. Nothing was changed.");
            return;
        }

        var env = topology.Current.Find(record.Environment);
        if (env is null)
        {
            await finisher.FinishAsync(record, OperationState.Failed, $"Environment '{record.Environment}' is no longer configured. Nothing was changed.");
            return;
        }
        if (record.State == OperationState.Running)
            logger.LogInformation("Resuming operation {OperationId} ({Description}) on instance {InstanceId}: the portal that ran it stopped",
                record.Id, record.Request.Describe(), context.Scheduler.SchedulerInstanceId);
        await store.MarkRunningAsync(record.Id, CancellationToken.None);

        using var span = Core.Telemetry.PortalTelemetry.StartJob(record);
        var run = new OperationRun(store, record, time, cancellationToken);
        try
        {
            var outcome = record.Kind switch
            {
                OperationKind.Deploy when record.Request.Strategy == DeploymentStrategy.Canary => await canaries.RunAsync(run, env, record.Request.ImageTag!),
                OperationKind.Deploy => await deployments.RunAsync(run, env, DeploymentTargets.ForTag(record.Request.ImageTag!), record.Request.Drain == true),
                OperationKind.Rollback => await deployments.RunAsync(run, env, DeploymentTargets.ForImages(
                    await RollbackPlan.PreviousImagesAsync(store, env, cancellationToken)
                        ?? throw new StepFailedException("No recorded deployment to roll back from. Nothing was changed.")), drain: false),
                OperationKind.Rebalance => await rebalances.RunAsync(run, env, record.Request.Weights!, record.Request.AllowAllZero),
                OperationKind.Drill => await drills.RunAsync(run, env, record.Request.DrillKind!.Value, record.Request.Region!, record.Request.Hold ?? drillSettings.DefaultHold),
                OperationKind.Pause => await pauses.RunAsync(run, env, record.Request.Region, pause: true),
                OperationKind.Resume => await pauses.RunAsync(run, env, record.Request.Region, pause: false),
                _ => throw new StepFailedException($"Unknown operation kind {record.Kind}."),
            };
            await finisher.FinishAsync(record, OperationState.Succeeded, outcome);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The portal is stopping: the record stays Running and Quartz hands the firing back for recovery.
            logger.LogWarning("Operation {OperationId} interrupted by shutdown; another instance of a cluster, or this portal when it starts again, resumes it", record.Id);
            throw;
        }
        catch (Exception ex) when (ex is OperationCancelledException or OperationCancelledByUserException)
        {
            var story = ex is OperationCancelledByUserException ? ex.Message
                : $"Cancelled. Now: {await RegionStates.DescribeAsync(runtime, env, CancellationToken.None)}.";
            await finisher.FinishAsync(record, OperationState.Cancelled, story);
        }
        catch (Exception ex)
        {
            if (ex is not StepFailedException) logger.LogError(ex, "Operation {OperationId} failed", record.Id);
            var story = ex is StepFailedException ? ex.Message
                : $"Failed: {ex.Message} {Guidance(ex)}Now: {await RegionStates.DescribeAsync(runtime, env, CancellationToken.None)}.";
            await finisher.FinishAsync(record, OperationState.Failed, story);
        }
    }
}
