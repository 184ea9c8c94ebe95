using Portal.Core.Schedules;

namespace Portal.Jobs.Schedules;

/// <summary>One drill schedule as the Schedules page and the API show it: its next fires and its latest runs.</summary>
/// <param name="Problem">Why the cron or zone no longer reads (then there are no fires).</param>
public sealed record DrillScheduleView(DrillSchedule Schedule, TimeZoneInfo? Zone, IReadOnlyList<DateTimeOffset> NextFires,
    IReadOnlyList<DrillScheduleRun> LastRuns, string? Problem);

public sealed class DrillScheduleOverview(IDrillScheduleStore store, IDrillScheduleRuns runs, TimeProvider time)
{
    public const int FiresShown = 3;
    public const int RunsShown = 5;

    public async Task<IReadOnlyList<DrillScheduleView>> ListAsync(CancellationToken ct = default)
    {
        var views = new List<DrillScheduleView>();
        foreach (var schedule in await store.ListAsync(ct)) views.Add(await ViewAsync(schedule, ct));
        return views;
    }

    public async Task<DrillScheduleView> ViewAsync(DrillSchedule schedule, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var times = DrillScheduleTimes.Read(schedule, now, out var problem);
        return new(schedule, times?.Zone, times?.Next(now, FiresShown) ?? [], await runs.RecentAsync(schedule.Id, RunsShown, ct), problem);
    }
}
