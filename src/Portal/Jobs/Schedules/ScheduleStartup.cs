using Microsoft.Extensions.Options;
using Portal.Core.Schedules;

namespace Portal.Jobs.Schedules;

/// <summary>
/// At start-up: seeds the local demo's night schedule, brings Quartz in step with the store (the source of truth: jobs
/// of deleted schedules go, missing ones are made), then applies the missed-fire policy to each enabled schedule.
/// </summary>
public sealed class ScheduleStartup(
    IScheduleStore store,
    ScheduleTriggers triggers,
    LocalDemoSchedule demo,
    IOptions<ScheduleOptions> options,
    TimeProvider time,
    ILogger<ScheduleStartup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await demo.SeedIfEmptyAsync(stoppingToken);
            var ids = (await store.ListAsync(stoppingToken)).Select(s => s.Id).Union(await triggers.JobIdsAsync(stoppingToken));
            foreach (var id in ids)
            {
                var sync = await triggers.SyncAsync(id, stoppingToken);
                if (sync is { Schedule.Enabled: true, Times: not null }) await CatchUpAsync(sync.Schedule, sync.Times, sync.TriggersKept, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Could not bring the schedules' jobs in step with the store at start-up; saved schedules fire once they are saved again or the portal restarts");
        }
    }

    private async Task CatchUpAsync(PauseSchedule schedule, ScheduleTimes times, bool triggersKept, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        // Kept triggers still fire a fire younger than their misfire threshold late, by themselves.
        var latestConsidered = triggersKept ? now - ScheduleTriggers.MisfireThreshold : now;
        var (lastPause, lastResume) = await triggers.LastHandledAsync(schedule.Id, ct);
        var decision = MissedFirePolicy.Decide(
            new ActionFires(times.LatestAtOrBefore(ScheduledAction.Pause, latestConsidered), lastPause),
            new ActionFires(times.LatestAtOrBefore(ScheduledAction.Resume, latestConsidered), lastResume),
            schedule.UpdatedAt, now, options.Value.MissedFireWindow);
        if (decision is { Run: { } action, ScheduledAt: { } due })
        {
            logger.LogWarning("Schedule {ScheduleId} ({Environment}): {Reason}", schedule.Id, schedule.Environment, decision.Reason);
            await triggers.CatchUpAsync(schedule.Id, action, due, ct);
        }
        else
        {
            logger.LogInformation("Schedule {ScheduleId} ({Environment}): nothing to catch up, {Reason}", schedule.Id, schedule.Environment, decision.Reason);
        }
    }
}
