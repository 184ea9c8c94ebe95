using Microsoft.Extensions.Options;
using Portal.Core.Schedules;
using Portal.Topology;

namespace Portal.Jobs.Schedules;

/// <summary>One schedule as the Schedules page shows it: its next fires and what pausing saves.</summary>
/// <param name="Problem">Why the crons or zone no longer read (then there are no fires and no estimate).</param>
public sealed record ScheduleView(
    PauseSchedule Schedule,
    TimeZoneInfo? Zone,
    IReadOnlyList<DateTimeOffset> NextPauses,
    IReadOnlyList<DateTimeOffset> NextResumes,
    SavingEstimate? Saving,
    string? Problem);

/// <summary>Reads the store and works out, per schedule, the next three pauses and resumes and the estimated 30-day saving.</summary>
public sealed class ScheduleOverview(IScheduleStore store, TopologySource topology, IOptions<PricingOptions> pricing, TimeProvider time)
{
    public const int FiresShown = 3;

    public async Task<IReadOnlyList<ScheduleView>> ListAsync(CancellationToken ct = default) =>
        [.. (await store.ListAsync(ct)).Select(View)];

    public ScheduleView View(PauseSchedule schedule)
    {
        var now = time.GetUtcNow();
        var times = ScheduleTimes.Read(schedule, now, out var problem);
        if (times is null) return new(schedule, null, [], [], null, problem);

        var env = topology.Current.Find(schedule.Environment);
        var regions = schedule.Region is not null ? 1 : env?.Regions.Count ?? 0;
        var (paused, covered) = times.PausedOver(now, PauseSavings.Horizon);
        var saving = PauseSavings.Estimate(paused, covered, pricing.Value.Prices, pricing.Value.Size, regions);
        return new(schedule, times.Zone, times.Next(ScheduledAction.Pause, now, FiresShown), times.Next(ScheduledAction.Resume, now, FiresShown), saving,
            env is null ? $"Environment '{schedule.Environment}' is no longer configured." : null);
    }
}
