using Hangfire;
using Hangfire.Common;
using Hangfire.Storage;
using Portal.Core.Schedules;

namespace Portal.Jobs.Schedules;

/// <summary>How one drill schedule's sync ended: what the store holds, its cron, and whether Hangfire's recurring job was kept as it was.</summary>
public sealed record DrillScheduleSync(DrillSchedule? Schedule, DrillScheduleTimes? Times, bool JobKept);

/// <summary>
/// Keeps Hangfire in step with the drill schedule store, the source of truth, as <see cref="ScheduleJobs"/> does for pause
/// schedules: an enabled drill schedule is one recurring job, "drill-schedule:&lt;id&gt;", on its cron in its IANA zone; a
/// disabled, deleted or unreadable one has none. A job that already matches is left alone, so Hangfire keeps its next fire.
/// </summary>
public sealed class DrillScheduleJobs(IRecurringJobManager recurring, JobStorage storage, IDrillScheduleStore store, TimeProvider time,
    ILogger<DrillScheduleJobs> logger)
{
    public const string Prefix = "drill-schedule:";

    private readonly SemaphoreSlim _gate = new(1, 1);

    public static string RecurringIdOf(string scheduleId) => Prefix + scheduleId;

    public async Task<DrillScheduleSync> SyncAsync(string scheduleId, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var schedule = await store.GetAsync(scheduleId, ct);
            string? problem = null;
            var times = schedule is { Enabled: true } ? DrillScheduleTimes.Read(schedule, time.GetUtcNow(), out problem) : null;
            if (times is null)
            {
                if (schedule is { Enabled: true })
                    logger.LogError("Drill schedule {ScheduleId} no longer reads ({Problem}); it will not fire until edited", scheduleId, problem);
                recurring.RemoveIfExists(RecurringIdOf(scheduleId));
                return new(schedule, null, false);
            }
            if (Matches(schedule!, times)) return new(schedule, times, true);
            recurring.AddOrUpdate(RecurringIdOf(scheduleId),
                Job.FromExpression<DrillScheduleJob>(j => j.FireAsync(scheduleId, CancellationToken.None)),
                schedule!.Cron,
                new RecurringJobOptions { TimeZone = times.Zone, MisfireHandling = MisfireHandlingMode.Ignorable });
            return new(schedule, times, false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The drill schedule ids Hangfire holds recurring jobs for, to find those the store no longer has.</summary>
    public IReadOnlyCollection<string> ScheduleIds()
    {
        using var connection = storage.GetConnection();
        return [.. connection.GetRecurringJobs().Select(j => j.Id)
            .Where(id => id.StartsWith(Prefix, StringComparison.Ordinal)).Select(id => id[Prefix.Length..])];
    }

    private bool Matches(DrillSchedule schedule, DrillScheduleTimes times)
    {
        using var connection = storage.GetConnection();
        return connection.GetRecurringJobs([RecurringIdOf(schedule.Id)]).SingleOrDefault() is { Removed: false, Cron: { } cron, TimeZoneId: { } zone }
            && cron == schedule.Cron && zone == times.Zone.Id;
    }
}
