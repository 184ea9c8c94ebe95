using Portal.Core.Operations;
using Portal.Core.Services;
using Portal.Topology;
using Quartz;

namespace Portal.Jobs;

/// <summary>
/// At start-up and then every <see cref="SubmitGrace"/>: an operation the records call queued or running, but whose job
/// Quartz no longer holds, can never resume. It ends Interrupted, with each region's state now, so a person looks
/// before acting again. Operations whose job Quartz still holds are left to Quartz's recovery (here or on another
/// instance of a cluster). Looking again now and then, not only at start-up, is for a cluster: an instance that dies
/// between recording an operation and scheduling its job leaves it queued, and the others may never restart.
/// </summary>
public sealed class InterruptedOperations(
    IOperationStore store,
    ISchedulerFactory schedulers,
    IServiceRuntime runtime,
    TopologySource topology,
    OperationFinisher finisher,
    TimeProvider time,
    ILogger<InterruptedOperations> logger) : BackgroundService
{
    /// <summary>
    /// Far longer than a submission takes from recording an operation to scheduling its job. A queued operation without
    /// a job that is younger may be on its way to Quartz on another instance of a cluster; it is left alone until older.
    /// </summary>
    public static readonly TimeSpan SubmitGrace = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                try
                {
                    await CheckAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    logger.LogError(ex, "Could not check for interrupted operations; looking again in {Interval}", SubmitGrace);
                }
                await Task.Delay(SubmitGrace, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Ends every active operation that can never resume; returns their ids.</summary>
    public async Task<IReadOnlyList<string>> CheckAsync(CancellationToken ct)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        var ended = new List<string>();
        foreach (var listed in await store.ActiveAsync(ct))
        {
            if (await scheduler.Exists(new JobKey(listed.Id, OperationQueue.JobGroup), ct)) continue;
            if (listed.State == OperationState.Queued && time.GetUtcNow() - listed.CreatedAt < SubmitGrace) continue;
            // Read again: an operation that ended since the list was read has lost its job by finishing, not by a stop.
            if (await store.GetAsync(listed.Id, ct) is not { IsFinished: false } record) continue;
            var env = topology.Current.Find(record.Environment);
            var now = env is null ? "the environment is no longer configured" : await RegionStates.DescribeAsync(runtime, env, ct);
            var last = record.Steps.LastOrDefault();
            var story = record.State == OperationState.Queued
                ? $"Recorded, but never handed to the job scheduler: the portal that took it stopped in between. It never started. Now: {now}."
                : $"The portal stopped while this operation was running" + (last is null ? "" : $" (last step: '{last.Name}', {last.State})") +
                  $" and its job could not be resumed. Check before acting again. Now: {now}.";
            try
            {
                await finisher.FinishAsync(record, OperationState.Interrupted, story);
            }
            catch (InvalidOperationException)
            {
                continue; // It ended meanwhile, by its own job or another instance's check.
            }
            ended.Add(record.Id);
            logger.LogWarning("Operation {OperationId} ended Interrupted: it was {State} and Quartz holds no job for it", record.Id, record.State);
        }
        return ended;
    }
}
