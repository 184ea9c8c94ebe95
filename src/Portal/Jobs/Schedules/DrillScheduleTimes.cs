using Portal.Core.Schedules;

namespace Portal.Jobs.Schedules;

/// <summary>A stored drill schedule's cron read in its zone; null with the reason when it no longer reads.</summary>
public sealed record DrillScheduleTimes(TimeZoneInfo Zone, Cronos.CronExpression Cron)
{
    public static DrillScheduleTimes? Read(DrillSchedule schedule, DateTimeOffset now, out string? problem)
    {
        if (!IanaTimeZone.TryFind(schedule.TimeZone, out var zone, out problem)) return null;
        return CronText.TryParse(schedule.Cron, zone, now, out var cron, out problem) ? new(zone, cron) : null;
    }

    public IReadOnlyList<DateTimeOffset> Next(DateTimeOffset after, int count)
    {
        var fires = new List<DateTimeOffset>(count);
        for (var at = Cron.GetNextOccurrence(after, Zone); at is { } fire && fires.Count < count; at = Cron.GetNextOccurrence(fire, Zone))
            fires.Add(fire);
        return fires;
    }

    public DateTimeOffset? LatestAtOrBefore(DateTimeOffset at) => ScheduleTimes.LatestAtOrBefore(Cron, Zone, at);
}
