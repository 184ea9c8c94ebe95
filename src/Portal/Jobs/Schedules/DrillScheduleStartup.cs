using Portal.Core.Audit;
using Portal.Core.Schedules;

namespace Portal.Jobs.Schedules;

/// <summary>
/// At start-up: registers every enabled drill schedule with Hangfire again (recurring jobs of deleted schedules go), then
/// records each schedule's latest fire missed while no portal ran as missed, with the reason, and audits it. Never runs it.
/// </summary>
public sealed class DrillScheduleStartup(
    IDrillScheduleStore store,
    IDrillScheduleRuns runs,
    DrillScheduleJobs jobs,
    IAuditLog audit,
    TimeProvider time,
    ILogger<DrillScheduleStartup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            foreach (var id in (await store.ListAsync(stoppingToken)).Select(s => s.Id).Union(jobs.ScheduleIds()))
            {
                var sync = await jobs.SyncAsync(id, stoppingToken);
                if (sync is { Schedule: { Enabled: true } schedule, Times: { } times }) await RecordMissedAsync(schedule, times, sync.JobKept, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Could not bring the drill schedules' jobs in step with the store at start-up; they fire once saved again or after a restart");
        }
    }

    public async Task RecordMissedAsync(DrillSchedule schedule, DrillScheduleTimes times, bool jobKept, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        // A kept recurring job still runs a fire younger than the misfire threshold by itself: that one is not missed.
        var latestConsidered = jobKept ? now - ScheduleJobs.MisfireThreshold : now;
        var recorded = (await runs.RecentAsync(schedule.Id, 1, ct)).FirstOrDefault()?.Due;
        var decision = DrillMissedFires.Decide(times.LatestAtOrBefore(latestConsidered), recorded, schedule.UpdatedAt);
        if (decision.Missed is not { } due)
        {
            logger.LogInformation("Drill schedule {ScheduleId} ({Environment}): nothing missed, {Reason}", schedule.Id, schedule.Environment, decision.Reason);
            return;
        }
        if (!await runs.TryRecordAsync(new DrillScheduleRun(schedule.Id, due, now, DrillRunOutcome.Missed, null, decision.Reason), ct)) return;
        logger.LogWarning("Drill schedule {ScheduleId} ({Environment}): {Reason}", schedule.Id, schedule.Environment, decision.Reason);
        await audit.RecordAsync(new AuditEvent(now, DrillScheduleJob.Requester(schedule.Id), AuditActions.Drill, AuditOutcomes.Missed, null,
            schedule.Environment, $"{DrillScheduleService.Describe(schedule)}: {decision.Reason}"), ct);
    }
}
