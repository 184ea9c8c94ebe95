using Hangfire;
using Hangfire.Common;
using Hangfire.Storage;
using Portal.Core.Schedules;

namespace Portal.Jobs.Schedules;

/// <summary>How one schedule's sync ended: what the store holds, its crons, and whether Hangfire's recurring jobs were kept as they were.</summary>
public sealed record ScheduleSync(PauseSchedule? Schedule, ScheduleTimes? Times, bool JobsKept);

/// <summary>
/// Keeps Hangfire in step with the schedule store, the source of truth: an enabled schedule is two recurring jobs
/// (pause and resume, ids "schedule:&lt;id&gt;:pause" and ":resume") with the schedule's crons in its IANA time zone; a
/// disabled, deleted or unreadable one has none, so nothing can fire. Jobs that already match are left alone, so
/// Hangfire keeps their next fire (and, on PostgreSQL, their history).
/// </summary>
public sealed class ScheduleJobs(
    IRecurringJobManager recurring,
    IBackgroundJobClient jobs,
    JobStorage storage,
    IScheduleStore store,
    IScheduleFires fires,
    TimeProvider time,
    ILogger<ScheduleJobs> logger)
{
    public const string Prefix = "schedule:";

    /// <summary>How often the job server looks for recurring jobs due (Hangfire's default is 15 s).</summary>
    public static readonly TimeSpan PollingInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A fire later than this is missed. With <see cref="MisfireHandlingMode.Ignorable"/> Hangfire runs a fire only
    /// within two polling intervals of its time and never replays or shifts older ones, so the start-up missed-fire
    /// policy alone decides about them; younger fires Hangfire still runs itself, so the policy leaves them alone.
    /// </summary>
    public static readonly TimeSpan MisfireThreshold = PollingInterval + PollingInterval;

    // One sync at a time in this portal: a save and the start-up sync of the same schedule must not interleave.
    private readonly SemaphoreSlim _gate = new(1, 1);

    public static string RecurringIdOf(string scheduleId, ScheduledAction action) => $"{Prefix}{scheduleId}:{action.ToString().ToLowerInvariant()}";

    public async Task<ScheduleSync> SyncAsync(string scheduleId, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var schedule = await store.GetAsync(scheduleId, ct);
            if (schedule is not { Enabled: true })
            {
                Remove(scheduleId);
                return new(schedule, null, false);
            }
            var times = ScheduleTimes.Read(schedule, time.GetUtcNow(), out var problem);
            if (times is null)
            {
                logger.LogError("Schedule {ScheduleId} no longer reads ({Problem}); it will not fire until it is edited", scheduleId, problem);
                Remove(scheduleId);
                return new(schedule, null, false);
            }
            if (Matches(schedule, times)) return new(schedule, times, true);
            foreach (var action in Enum.GetValues<ScheduledAction>())
            {
                recurring.AddOrUpdate(RecurringIdOf(scheduleId, action),
                    Job.FromExpression<ScheduledActionJob>(j => j.FireAsync(scheduleId, action, CancellationToken.None)),
                    CronOf(schedule, action),
                    new RecurringJobOptions { TimeZone = times.Zone, MisfireHandling = MisfireHandlingMode.Ignorable });
            }
            return new(schedule, times, false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The schedule ids Hangfire holds recurring jobs for, to find those the store no longer has.</summary>
    public IReadOnlyCollection<string> ScheduleIds()
    {
        using var connection = storage.GetConnection();
        return [.. connection.GetRecurringJobs().Select(j => j.Id).Where(id => id.StartsWith(Prefix, StringComparison.Ordinal))
            .Select(id => id[Prefix.Length..id.LastIndexOf(':')]).Distinct()];
    }

    public Task<(DateTimeOffset? Pause, DateTimeOffset? Resume)> LastHandledAsync(string scheduleId, CancellationToken ct) =>
        fires.LastHandledAsync(scheduleId, ct);

    /// <summary>Runs the action once now for a missed fire; the job itself skips it if another portal already did.</summary>
    public void CatchUp(string scheduleId, ScheduledAction action, DateTimeOffset scheduledAt) =>
        jobs.Enqueue<ScheduledActionJob>(j => j.CatchUpAsync(scheduleId, action, scheduledAt, CancellationToken.None));

    private void Remove(string scheduleId)
    {
        foreach (var action in Enum.GetValues<ScheduledAction>()) recurring.RemoveIfExists(RecurringIdOf(scheduleId, action));
    }

    private static string CronOf(PauseSchedule schedule, ScheduledAction action) =>
        (action == ScheduledAction.Pause ? schedule.PauseCron : schedule.ResumeCron).Trim();

    private bool Matches(PauseSchedule schedule, ScheduleTimes times)
    {
        using var connection = storage.GetConnection();
        var existing = connection.GetRecurringJobs([.. Enum.GetValues<ScheduledAction>().Select(a => RecurringIdOf(schedule.Id, a))]);
        return Enum.GetValues<ScheduledAction>().All(action => existing.SingleOrDefault(j => j.Id == RecurringIdOf(schedule.Id, action)) is
            { Removed: false, Cron: { } cron, TimeZoneId: { } zone } && cron == CronOf(schedule, action) && zone == times.Zone.Id);
    }
}
