using Portal.Core.Schedules;
using Quartz;

namespace Portal.Jobs.Schedules;

/// <summary>How one schedule's sync ended: what the store holds, its crons, and whether Quartz's triggers were kept as they were.</summary>
public sealed record ScheduleSync(PauseSchedule? Schedule, ScheduleTimes? Times, bool TriggersKept);

/// <summary>
/// Keeps Quartz in step with the schedule store, the source of truth: an enabled schedule is one job (keyed by the
/// schedule id) with a pause and a resume cron trigger in the schedule's time zone; a disabled, deleted or unreadable one
/// has no job, so nothing can fire. Triggers that already match are left alone, so Quartz keeps their fire history.
/// </summary>
public sealed class ScheduleTriggers(ISchedulerFactory schedulers, IScheduleStore store, TimeProvider time, ILogger<ScheduleTriggers> logger)
{
    public const string Group = "schedules";

    /// <summary>
    /// A fire later than this is missed: Quartz does nothing about it ("do nothing" misfire instruction) and the start-up
    /// policy decides. Younger fires Quartz still runs late itself, so the policy leaves them alone.
    /// </summary>
    public static readonly TimeSpan MisfireThreshold = TimeSpan.FromMinutes(1);

    // One sync at a time in this portal: a save and the start-up sync of the same schedule must not interleave.
    private readonly SemaphoreSlim _gate = new(1, 1);

    public static JobKey JobOf(string scheduleId) => new(scheduleId, Group);

    public static TriggerKey TriggerOf(string scheduleId, ScheduledAction action) => new($"{scheduleId}.{action.ToString().ToLowerInvariant()}", Group);

    public async Task<ScheduleSync> SyncAsync(string scheduleId, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var scheduler = await schedulers.GetScheduler(ct);
            var key = JobOf(scheduleId);
            var schedule = await store.GetAsync(scheduleId, ct);
            if (schedule is not { Enabled: true })
            {
                await scheduler.DeleteJob(key, ct);
                return new(schedule, null, false);
            }
            var times = ScheduleTimes.Read(schedule, time.GetUtcNow(), out var problem);
            if (times is null)
            {
                logger.LogError("Schedule {ScheduleId} no longer reads ({Problem}); it will not fire until it is edited", scheduleId, problem);
                await scheduler.DeleteJob(key, ct);
                return new(schedule, null, false);
            }

            var existing = await scheduler.GetJobDetail(key, ct);
            if (existing is not null && await MatchesAsync(scheduler, scheduleId, times, ct)) return new(schedule, times, true);

            var data = new JobDataMap { [ScheduleJobData.ScheduleId] = scheduleId };
            if (existing is not null) ScheduleJobData.CarryOver(existing.JobDataMap, data);
            var job = JobBuilder.Create<ScheduledActionJob>()
                .WithIdentity(key)
                .WithDescription($"{schedule.Environment} pause/resume schedule")
                .UsingJobData(data)
                .DisallowConcurrentExecution()
                .PersistJobDataAfterExecution()
                .Build();
            await scheduler.ScheduleJob(job, [Trigger(scheduleId, times, ScheduledAction.Pause), Trigger(scheduleId, times, ScheduledAction.Resume)],
                ScheduleJobOptions.Replacing, ct);
            return new(schedule, times, false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The schedule ids Quartz holds jobs for, to find those the store no longer has.</summary>
    public async Task<IReadOnlyCollection<string>> JobIdsAsync(CancellationToken ct)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        return [.. (await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(Group), ct)).Select(k => k.Name)];
    }

    public async Task<(DateTimeOffset? Pause, DateTimeOffset? Resume)> LastHandledAsync(string scheduleId, CancellationToken ct)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        var job = await scheduler.GetJobDetail(JobOf(scheduleId), ct);
        return job is null ? (null, null)
            : (ScheduleJobData.LastHandled(job.JobDataMap, ScheduledAction.Pause), ScheduleJobData.LastHandled(job.JobDataMap, ScheduledAction.Resume));
    }

    /// <summary>Runs the job once now for a missed fire; the job itself skips it if another portal already did.</summary>
    public async Task CatchUpAsync(string scheduleId, ScheduledAction action, DateTimeOffset scheduledAt, CancellationToken ct)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        await scheduler.TriggerJob(JobOf(scheduleId), ScheduleJobData.ForCatchUp(action, scheduledAt), ct);
    }

    private static ITrigger Trigger(string scheduleId, ScheduleTimes times, ScheduledAction action) =>
        TriggerBuilder.Create()
            .WithIdentity(TriggerOf(scheduleId, action))
            .ForJob(JobOf(scheduleId))
            .UsingJobData(ScheduleJobData.Action, action.ToString())
            .WithCronSchedule(times.Of(action), cron => cron.InTimeZone(times.Zone).WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing))
            .WithMisfireThreshold(MisfireThreshold)
            .Build();

    private static async Task<bool> MatchesAsync(IScheduler scheduler, string scheduleId, ScheduleTimes times, CancellationToken ct)
    {
        foreach (var action in Enum.GetValues<ScheduledAction>())
        {
            if (await scheduler.GetTrigger(TriggerOf(scheduleId, action), ct) is not ICronTrigger trigger
                || trigger.CronExpressionString != times.Of(action).CronExpressionString
                || trigger.TimeZone.Id != times.Zone.Id
                || trigger.MisfireInstruction != CronTriggerMisfireInstruction.DoNothing
                || trigger.MisfireThreshold != MisfireThreshold)
                return false;
        }
        return true;
    }
}
