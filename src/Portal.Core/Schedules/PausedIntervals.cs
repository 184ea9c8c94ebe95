namespace Portal.Core.Schedules;

/// <summary>A stretch of time during which a schedule holds its services paused.</summary>
public sealed record PausedInterval(DateTimeOffset Start, DateTimeOffset End)
{
    public double Hours => (End - Start).TotalHours;
}

public static class PausedIntervals
{
    /// <summary>
    /// Walks the pause and resume fire times in [<paramref name="from"/>, <paramref name="to"/>) in order: a pause starts
    /// an interval, a resume ends it, repeats change nothing. <paramref name="pausedAtFrom"/> is the state the schedule's
    /// last fire before <paramref name="from"/> left. A pause and a resume at the same instant leave the service running
    /// (the resume counts last), the same tie-break as the missed-fire policy.
    /// </summary>
    public static IReadOnlyList<PausedInterval> Between(DateTimeOffset from, DateTimeOffset to, bool pausedAtFrom,
        IEnumerable<DateTimeOffset> pauses, IEnumerable<DateTimeOffset> resumes)
    {
        var fires = pauses.Where(t => t >= from && t < to).Select(t => (At: t, Pause: true))
            .Concat(resumes.Where(t => t >= from && t < to).Select(t => (At: t, Pause: false)))
            .OrderBy(f => f.At).ThenBy(f => f.Pause ? 0 : 1);
        var intervals = new List<PausedInterval>();
        DateTimeOffset? start = pausedAtFrom ? from : null;
        foreach (var fire in fires)
        {
            if (fire.Pause)
            {
                start ??= fire.At;
            }
            else if (start is { } began)
            {
                if (fire.At > began) intervals.Add(new PausedInterval(began, fire.At));
                start = null;
            }
        }
        if (start is { } open && to > open) intervals.Add(new PausedInterval(open, to));
        return intervals;
    }
}
