using Portal.Core.Drills;
using Portal.Core.Operations;
using Portal.Core.Schedules;

namespace Portal.Jobs.Schedules;

/// <summary>How a drill a schedule queued stands now: its job's state and, once it has ended, its report's verdict.</summary>
public sealed record DrillRunResult(OperationState State, string? Verdict);

/// <summary>One drill schedule as the Schedules page and the API show it: its next fires and its latest runs with their drills' results.</summary>
/// <param name="Problem">Why the cron or zone no longer reads (then there are no fires).</param>
public sealed record DrillScheduleView(DrillSchedule Schedule, TimeZoneInfo? Zone, IReadOnlyList<DateTimeOffset> NextFires,
    IReadOnlyList<DrillScheduleRun> LastRuns, IReadOnlyDictionary<string, DrillRunResult> Results, string? Problem);

public sealed class DrillScheduleOverview(IDrillScheduleStore store, IDrillScheduleRuns runs, IOperationStore operations, TimeProvider time)
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
        var recent = await runs.RecentAsync(schedule.Id, RunsShown, ct);
        var results = new Dictionary<string, DrillRunResult>(StringComparer.Ordinal);
        foreach (var id in recent.Select(r => r.OperationId).OfType<string>())
            if (await operations.GetAsync(id, ct) is { } record) results[id] = new(record.State, DrillReport.FromSteps(record.Steps)?.Verdict);
        return new(schedule, times?.Zone, times?.Next(now, FiresShown) ?? [], recent, results, problem);
    }
}
