using Portal.Core.Schedules;
using Cronos;

namespace Portal.Jobs.Schedules;

/// <summary>A stored schedule's two crons read in its time zone: when each fires, and when they hold the services paused.</summary>
public sealed class ScheduleTimes
{
    // Searched in turn for the latest fire before a moment: a cron that fires every few seconds answers in the first,
    // a yearly one in the last.
    private static readonly TimeSpan[] Lookbacks =
        [TimeSpan.FromMinutes(1), TimeSpan.FromHours(1), TimeSpan.FromDays(1), TimeSpan.FromDays(8), TimeSpan.FromDays(32), TimeSpan.FromDays(367),
            TimeSpan.FromDays(4 * 366)];

    /// <summary>Enough fires per cron to walk 30 days of a cron firing every five minutes; a more frequent one is sampled, so a page stays quick.</summary>
    public const int MaxFiresWalked = 10_000;

    private ScheduleTimes(TimeZoneInfo zone, CronExpression pause, CronExpression resume)
    {
        Zone = zone;
        Pause = pause;
        Resume = resume;
    }

    public TimeZoneInfo Zone { get; }
    public CronExpression Pause { get; }
    public CronExpression Resume { get; }

    public CronExpression Of(ScheduledAction action) => action == ScheduledAction.Pause ? Pause : Resume;

    /// <summary>Null, with the reason, when a stored schedule no longer reads (a time zone gone from this machine's database).</summary>
    public static ScheduleTimes? Read(PauseSchedule schedule, DateTimeOffset now, out string? problem)
    {
        if (!IanaTimeZone.TryFind(schedule.TimeZone, out var zone, out problem)) return null;
        if (!CronText.TryParse(schedule.PauseCron, zone, now, out var pause, out problem)) return null;
        if (!CronText.TryParse(schedule.ResumeCron, zone, now, out var resume, out problem)) return null;
        return new ScheduleTimes(zone, pause, resume);
    }

    /// <summary>The first fire after <paramref name="after"/>, in the schedule's zone (daylight-saving gaps and overlaps as Hangfire fires them).</summary>
    public DateTimeOffset? NextAfter(ScheduledAction action, DateTimeOffset after) => NextAfter(Of(action), after);

    private DateTimeOffset? NextAfter(CronExpression cron, DateTimeOffset after) => cron.GetNextOccurrence(after, Zone);

    public IReadOnlyList<DateTimeOffset> Next(ScheduledAction action, DateTimeOffset after, int count)
    {
        var fires = new List<DateTimeOffset>(count);
        var cron = Of(action);
        for (var at = NextAfter(cron, after); at is { } fire && fires.Count < count; at = NextAfter(cron, fire))
            fires.Add(fire);
        return fires;
    }

    /// <summary>The latest fire at or before <paramref name="at"/>; null when there was none in the last four years.</summary>
    public DateTimeOffset? LatestAtOrBefore(ScheduledAction action, DateTimeOffset at) => LatestAtOrBefore(Of(action), Zone, at);

    /// <summary>The latest fire of <paramref name="cron"/> in <paramref name="zone"/> at or before <paramref name="at"/>; null when none in 4 years.</summary>
    public static DateTimeOffset? LatestAtOrBefore(CronExpression cron, TimeZoneInfo zone, DateTimeOffset at)
    {
        foreach (var lookback in Lookbacks)
        {
            var lo = at - lookback;
            if (cron.GetNextOccurrence(lo, zone) is not { } first || first > at) continue;
            // Cronos only answers "next fire after": halve (lo, hi] keeping the latest fire inside it until one second is left.
            var hi = at;
            while (hi - lo > TimeSpan.FromSeconds(1))
            {
                var mid = lo + (hi - lo) / 2;
                if (cron.GetNextOccurrence(mid, zone) is { } fire && fire <= hi) lo = mid;
                else hi = mid;
            }
            return cron.GetNextOccurrence(lo, zone);
        }
        return null;
    }

    /// <summary>
    /// When the schedule holds the services paused over the next <paramref name="horizon"/>, and how much of it that describes:
    /// a cron firing more than <see cref="MaxFiresWalked"/> times in the horizon is walked only that far.
    /// </summary>
    public (IReadOnlyList<PausedInterval> Paused, TimeSpan Covered) PausedOver(DateTimeOffset from, TimeSpan horizon)
    {
        var to = from + horizon;
        var pauses = Walk(Pause, from, to, out var pauseEnd);
        var resumes = Walk(Resume, from, to, out var resumeEnd);
        var end = pauseEnd < resumeEnd ? pauseEnd : resumeEnd;
        var lastPause = LatestAtOrBefore(ScheduledAction.Pause, from);
        var lastResume = LatestAtOrBefore(ScheduledAction.Resume, from);
        var pausedAtFrom = lastPause is { } p && (lastResume is not { } r || p > r);
        return (PausedIntervals.Between(from, end, pausedAtFrom, pauses, resumes), end - from);
    }

    private List<DateTimeOffset> Walk(CronExpression cron, DateTimeOffset from, DateTimeOffset to, out DateTimeOffset coveredUntil)
    {
        var fires = new List<DateTimeOffset>();
        coveredUntil = to;
        for (var at = NextAfter(cron, from); at is { } fire && fire < to; at = NextAfter(cron, fire))
        {
            if (fires.Count == MaxFiresWalked)
            {
                coveredUntil = fire;
                break;
            }
            fires.Add(fire);
        }
        return fires;
    }
}
