namespace Portal.Core.Time;

/// <summary>
/// How long something took, precise enough to compare two runs: "45 s", "3 min 12 s", "2 h 5 min". Unlike
/// <see cref="Ago.Describe"/>, which rounds an age to its largest unit, a job's duration keeps the next unit too.
/// </summary>
public static class Elapsed
{
    public static string Format(TimeSpan span)
    {
        if (span < TimeSpan.FromMinutes(1)) return $"{Math.Max(0, (int)span.TotalSeconds)} s";
        if (span < TimeSpan.FromHours(1)) return $"{(int)span.TotalMinutes} min {span.Seconds} s";
        return $"{(int)span.TotalHours} h {span.Minutes} min";
    }

    /// <summary>From <paramref name="start"/> to <paramref name="end"/>, or "… so far" up to <paramref name="now"/> while it runs; "—" before it
    /// starts.</summary>
    public static string Between(DateTimeOffset? start, DateTimeOffset? end, DateTimeOffset now) => (start, end) switch
    {
        (null, _) => "—",
        ({ } s, { } e) => Format(e - s),
        ({ } s, null) => Format(now - s) + " so far",
    };
}
