using Portal.Core.Services;

namespace Portal.Pages;

/// <summary>
/// How every view writes times, latencies, rates and operation states, so the dashboard card, the region page and the
/// job pages show the same value the same way. "—" stands for a value AWS has not reported.
/// </summary>
public static class Display
{
    public const string Missing = "—";

    /// <summary>A UTC date and time to the second; callers add " UTC" where the column heading does not say so.</summary>
    public static string Utc(DateTimeOffset? t) => t is { } v ? v.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss") : Missing;

    /// <summary>A UTC time of day, for events within the page's own day (steps, checker samples).</summary>
    public static string Clock(DateTimeOffset? t) => t is { } v ? v.UtcDateTime.ToString("HH:mm:ss") : Missing;

    /// <summary>How long ago, as on-call reads it ("12 min ago").</summary>
    public static string Age(DateTimeOffset? t, DateTimeOffset now) => t is { } v ? Portal.Core.Time.Ago.Format(v, now) : Missing;

    /// <summary>A latency: one decimal under 10 ms, whole milliseconds up to a second, then seconds.</summary>
    public static string Ms(double? ms) => ms is { } v
        ? v >= 1000 ? $"{v / 1000:0.0} s" : v >= 10 ? $"{v:0} ms" : $"{v:0.0} ms"
        : Missing;

    /// <summary>A rate between 0 and 1 as a percentage with one decimal (5xx rates).</summary>
    public static string Rate(double? rate) => rate is { } v ? $"{v * 100:0.0}%" : Missing;

    /// <summary>The status chip class of an App Runner operation.</summary>
    // Amber for rollbacks: the service still runs the previous version, which needs a look but is not an outage.
    public static string OperationClass(OperationStatus s) => s switch
    {
        OperationStatus.Succeeded => "ok",
        OperationStatus.Pending or OperationStatus.InProgress => "info",
        OperationStatus.RollbackInProgress or OperationStatus.RollbackSucceeded => "busy",
        _ => "bad",
    };
}
