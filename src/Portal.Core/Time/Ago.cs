namespace Portal.Core.Time;

/// <summary>Ages as on-call reads them: "45 s ago", "12 min ago", "3 h ago", "30 days ago".</summary>
public static class Ago
{
    public static string Format(DateTimeOffset then, DateTimeOffset now)
    {
        var age = now - then;
        return age < TimeSpan.Zero ? "just now" : Describe(age) + " ago";
    }

    /// <summary>A duration as on-call reads it: "45 s", "12 min", "3 h", "30 days".</summary>
    public static string Describe(TimeSpan age)
    {
        if (age < TimeSpan.FromMinutes(1)) return $"{Math.Max(0, (int)age.TotalSeconds)} s";
        if (age < TimeSpan.FromHours(1)) return $"{(int)age.TotalMinutes} min";
        if (age < TimeSpan.FromDays(2)) return $"{(int)age.TotalHours} h";
        return $"{(int)age.TotalDays} days";
    }
}
