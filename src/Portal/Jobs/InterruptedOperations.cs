using Portal.Core.Operations;
using Portal.Core.Services;
using Portal.Topology;
using Quartz;

namespace Portal.Jobs;

/// <summary>
/// At start-up: an operation the records call queued or running, but whose job Quartz no longer holds, can never
/// resume. It ends Interrupted, with each region's state now, so a person looks before acting again. Operations
/// whose job Quartz still holds are left to Quartz's recovery (here or on another instance of a cluster).
/// </summary>
public sealed class InterruptedOperations(
    IOperationStore store,
    ISchedulerFactory schedulers,
    IServiceRuntime runtime,
    TopologySource topology,
    OperationFinisher finisher,
    ILogger<InterruptedOperations> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var scheduler = await schedulers.GetScheduler(stoppingToken);
            foreach (var record in await store.ActiveAsync(stoppingToken))
            {
                if (await scheduler.Exists(new JobKey(record.Id, OperationQueue.JobGroup), stoppingToken)) continue;
                var env = topology.Current.Find(record.Environment);
                var now = env is null ? "the environment is no longer configured" : await RegionStates.DescribeAsync(runtime, env, stoppingToken);
                var last = record.Steps.LastOrDefault();
                await finisher.FinishAsync(record, OperationState.Interrupted,
                    $"The portal stopped while this operation was {record.State.ToString().ToLowerInvariant()}" +
                    (last is null ? "" : $" (last step: '{last.Name}', {last.State})") +
                    $" and its job could not be resumed. Check before acting again. Now: {now}.");
                logger.LogWarning("Operation {OperationId} ended Interrupted: its job was gone after a restart", record.Id);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Could not check for interrupted operations at start-up");
        }
    }
}
