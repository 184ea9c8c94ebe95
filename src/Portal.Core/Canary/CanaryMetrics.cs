using System.Text.Json.Serialization;
using Portal.Core.Metrics;

namespace Portal.Core.Canary;

/// <summary>How one metric is compared: the 5xx share by a proportion test, the rest by a rank test on per-minute values.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CanaryTest>))]
public enum CanaryTest
{
    TwoProportion,
    MannWhitney,
}

/// <summary>
/// A metric the canary is judged on. <see cref="Key"/> is the dashboard's series key (DashboardMetrics), so the
/// same CloudWatch query feeds the charts and the analysis. A failed <see cref="Critical"/> metric fails the
/// canary whatever the score; a <see cref="Required"/> one must have been judged for a pass (a canary too short to
/// judge its latency has not shown it is not slower); <see cref="Weight"/> is its part of the score.
/// </summary>
public sealed record CanaryMetric(string Key, string Title, string Unit, CanaryTest Test, bool Critical, bool Required, double Weight)
{
    public static readonly IReadOnlyList<CanaryMetric> All =
    [
        new("http5xx", "5xx share", "%", CanaryTest.TwoProportion, Critical: true, Required: true, Weight: 3),
        new("latencyP99", "p99 latency", "ms", CanaryTest.MannWhitney, Critical: false, Required: true, Weight: 2),
        new("latencyP50", "p50 latency", "ms", CanaryTest.MannWhitney, Critical: false, Required: false, Weight: 1),
        new("cpu", "CPU", "%", CanaryTest.MannWhitney, Critical: false, Required: false, Weight: 1),
        new("memory", "Memory", "%", CanaryTest.MannWhitney, Critical: false, Required: false, Weight: 1),
    ];

    /// <summary>The request count the 5xx share is taken of.</summary>
    public const string RequestsKey = "requests";

    /// <summary>Every series the analysis reads from a region: each metric's, plus the request count.</summary>
    public static IReadOnlyList<string> SeriesKeys { get; } = [RequestsKey, .. All.Select(m => m.Key)];

    /// <summary>The least rise that fails the canary: share units for the 5xx share, relative to the median for the rest.</summary>
    public double Threshold(CanarySettings settings) => Key switch
    {
        "http5xx" => settings.Max5xxIncrease,
        "latencyP99" or "latencyP50" => settings.MaxLatencyIncrease,
        _ => settings.MaxResourceIncrease,
    };
}

/// <summary>One region's (or several regions' pooled) per-minute series over a time window, by <see cref="CanaryMetric.SeriesKeys"/>.</summary>
public sealed record CanaryWindow(DateTimeOffset Start, DateTimeOffset End, IReadOnlyDictionary<string, IReadOnlyList<MetricPoint>> Series)
{
    public IReadOnlyList<MetricPoint> Of(string key) => Series.TryGetValue(key, out var points) ? points : [];

    public double Sum(string key) => Of(key).Sum(p => p.Value);
}

/// <summary>A comparison the analysis makes: the canary's window against a reference window, and what the reference is.</summary>
/// <param name="Name">"baseline" (the regions still on the old image, the same minutes) or "history" (the canary region's hour before the change).</param>
public sealed record CanaryComparison(string Name, string Description, CanaryWindow Canary, CanaryWindow Reference);
