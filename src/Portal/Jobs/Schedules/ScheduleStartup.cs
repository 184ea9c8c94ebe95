using Microsoft.Extensions.Options;
using Portal.Core.Schedules;
using Portal.Data;

namespace Portal.Jobs.Schedules;

/// <summary>
/// At start-up: converts the crons an older (Quartz-based) portal stored, once per database; seeds the local demo's night
/// schedule; registers every enabled schedule with Hangfire again (the store is the source of truth: recurring jobs of
/// deleted schedules go, missing ones are made); then applies the missed-fire policy to each enabled schedule.
/// </summary>
public sealed class ScheduleStartup(
    IScheduleStore store,
    ScheduleJobs jobs,
    SqlCronMigration migration,
    LocalDemoSchedule demo,
    IOptions<ScheduleOptions> options,
    TimeProvider time,
    ILogger<ScheduleStartup> logger) : BackgroundService
{
    /// <summary>The data_migrations entry of the move from Quartz's cron dialect to Cronos's.</summary>
    public const string CronMigration = "crons-quartz-to-cronos";

    /// <summary>
    /// The conversion runs before the host has started, so no cron saved through the portal (already in Cronos's dialect)
    /// can be in the store when it does: that is what lets it treat every 6-field cron it finds as Quartz's.
    /// </summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ConvertQuartzCronsAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Could not check the stored crons for Quartz's dialect; they are checked again at the next start");
        }
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await demo.SeedIfEmptyAsync(stoppingToken);
            var ids = (await store.ListAsync(stoppingToken)).Select(s => s.Id).Union(jobs.ScheduleIds());
            foreach (var id in ids)
            {
                var sync = await jobs.SyncAsync(id, stoppingToken);
                if (sync is { Schedule.Enabled: true, Times: not null }) await CatchUpAsync(sync.Schedule, sync.Times, sync.JobsKept, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Could not bring the schedules' jobs in step with the store at start-up; saved schedules fire once they are saved again or " +
                "the portal restarts");
        }
    }

    private async Task ConvertQuartzCronsAsync(CancellationToken ct)
    {
        var rewrites = await migration.RunOnceAsync(CronMigration, stored =>
            QuartzCron.TryConvert(stored, out var converted, out var problem) ? (converted, null) : (null, problem), ct);
        foreach (var r in rewrites.Where(r => r.From != r.To))
        {
            if (r.To is null)
                logger.LogError("Schedule {ScheduleId}: the stored {Field} '{Cron}' has no equivalent in Cronos's dialect and was kept; it will not fire " +
                    "until edited: {Problem}",
                    r.ScheduleId, r.Field, r.From, r.Problem);
            else
                logger.LogWarning("Schedule {ScheduleId}: the stored {Field} '{From}' (Quartz's dialect) is now '{To}' (Cronos's, same fires)",
                    r.ScheduleId, r.Field, r.From, r.To);
        }
    }

    private async Task CatchUpAsync(PauseSchedule schedule, ScheduleTimes times, bool jobsKept, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        // Kept recurring jobs still fire a fire younger than the misfire threshold late, by themselves.
        var latestConsidered = jobsKept ? now - ScheduleJobs.MisfireThreshold : now;
        var (lastPause, lastResume) = await jobs.LastHandledAsync(schedule.Id, ct);
        var decision = MissedFirePolicy.Decide(
            new ActionFires(times.LatestAtOrBefore(ScheduledAction.Pause, latestConsidered), lastPause),
            new ActionFires(times.LatestAtOrBefore(ScheduledAction.Resume, latestConsidered), lastResume),
            schedule.UpdatedAt, now, options.Value.MissedFireWindow);
        if (decision is { Run: { } action, ScheduledAt: { } due })
        {
            logger.LogWarning("Schedule {ScheduleId} ({Environment}): {Reason}", schedule.Id, schedule.Environment, decision.Reason);
            jobs.CatchUp(schedule.Id, action, due);
        }
        else
        {
            logger.LogInformation("Schedule {ScheduleId} ({Environment}): nothing to catch up, {Reason}", schedule.Id, schedule.Environment, decision.Reason);
        }
    }
}
