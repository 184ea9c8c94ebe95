using Portal.Core.Operations;
using Portal.Core.Services;
using Hangfire;
using Hangfire.Server;
using Portal.Topology;

namespace Portal.Jobs;

/// <summary>
/// Hangfire's side of an operation: takes the operation's lease, loads the record, runs its kind's runner, and ends the
/// record. A run cut short by a shutdown leaves the record Running; the next portal (this one restarted, or another
/// instance) hands it to Hangfire again and the runner resumes from the last completed step.
/// </summary>
public sealed class OperationJob(
    IOperationStore store,
    IOperationLeases leases,
    JobServer server,
    TopologySource topology,
    IServiceRuntime runtime,
    DeploymentRunner deployments,
    Core.Canary.CanaryRunner canaries,
    Core.Drills.DrillRunner drills,
    Core.Drills.DrillSettings drillSettings,
    RebalanceRunner rebalances,
    PauseResumeRunner pauses,
    Core.Migration.MigrationRunner migrations,
    OperationFinisher finisher,
    TimeProvider time,
    ILogger<OperationJob> logger)
{
    /// <summary>What an operator should know about an AWS failure beyond its message.</summary>
    private static string Guidance(Exception ex) => Aws.Route53.Route53Client.IsControlPlaneFailure(ex)
        ? "Route 53's API (its control plane, in us-east-1) is failing. Health-check failover keeps working without it: an unhealthy region stops getting " +
            "traffic automatically; this change can wait until the API is back. "
        : "";

    /// <summary>
    /// The one method every operation job calls. Hangfire stores its type and name with each queued job, so both stay as
    /// they are; the only argument that means anything is the operation id (Hangfire fills in the context and the
    /// token), so nothing else can go stale between queueing and running.
    /// </summary>
    /// <param name="cancellationToken">Hangfire's: cancelled when this portal stops (resume later), never for an operator's cancel.</param>
    [JobDisplayName("Operation {0}")]
    public async Task RunAsync(string operationId, PerformContext? context, CancellationToken cancellationToken)
    {
        var record = await store.GetAsync(operationId, cancellationToken);
        if (record is null || record.IsFinished) return;
        var jobId = context?.BackgroundJob.Id ?? "";
        // A fresh owner name per run: two runs of one operation (a takeover) must never pass for each other.
        var lease = await leases.TakeAsync(record.Id, $"{server.Name}/{Guid.NewGuid().ToString("N")[..8]}", jobId, CancellationToken.None);
        var fence = new OperationFence(leases, record.Id, lease);
        try
        {
            await RunAsync(record, fence, cancellationToken);
        }
        catch (LeaseLostException ex)
        {
            // Superseded: the worker that took over owns the record and its ending; this one touches neither.
            logger.LogWarning("Operation {OperationId} stopped on {Owner} without acting: {Reason}", record.Id, lease.Owner, ex.Message);
        }
    }

    private async Task RunAsync(OperationRecord record, OperationFence fence, CancellationToken cancellationToken)
    {
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
                record.Id, record.Request.Describe(), server.Name);
        await store.MarkRunningAsync(record.Id, CancellationToken.None);

        using var span = Core.Telemetry.PortalTelemetry.StartJob(record);
        var run = new OperationRun(store, record, time, cancellationToken, fence);
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
                OperationKind.Drill => await drills.RunAsync(run, env, record.Request.DrillKind!.Value, record.Request.Region!, record.Request.Hold
                    ?? drillSettings.DefaultHold),
                OperationKind.Pause => await pauses.RunAsync(run, env, record.Request.Region, pause: true),
                OperationKind.Resume => await pauses.RunAsync(run, env, record.Request.Region, pause: false),
                OperationKind.Migrate => await migrations.RunAsync(run, env, record.Request.Region!, record.Request.PauseAppRunner == true),
                _ => throw new StepFailedException($"Unknown operation kind {record.Kind}."),
            };
            await fence.ConfirmAsync(CancellationToken.None);
            await finisher.FinishAsync(record, OperationState.Succeeded, outcome);
        }
        catch (LeaseLostException)
        {
            throw;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The portal is stopping, which is not an operator's cancel: the record stays Running, and the next portal
            // (or another instance, once Hangfire hands the job back) resumes it from its last completed step.
            logger.LogWarning("Operation {OperationId} interrupted by shutdown; another instance of a cluster, or this portal when it starts again, resumes it",
                record.Id);
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
