using System.Diagnostics;
using OpenTelemetry.Metrics;

namespace Portal.Tests.Telemetry;

/// <summary>What the in-memory exporters received, read the way the assertions need it.</summary>
internal static class TelemetryCapture
{
    public static object? Tag(Activity span, string key) => span.TagObjects.FirstOrDefault(t => t.Key == key).Value;

    /// <summary>Every point of the newest export of <paramref name="name"/>, as its tags and its value.</summary>
    public static List<(Dictionary<string, object?> Tags, double Value)> Points(IEnumerable<MetricSnapshot> exported, string name)
    {
        var newest = exported.LastOrDefault(m => m.Name == name);
        if (newest is null) return [];
        var points = new List<(Dictionary<string, object?>, double)>();
        foreach (var point in newest.MetricPoints)
        {
            var tags = new Dictionary<string, object?>();
            foreach (var tag in point.Tags) tags[tag.Key] = tag.Value;
            points.Add((tags, Value(newest.MetricType, point)));
        }
        return points;
    }

    private static double Value(MetricType type, MetricPoint point) => type switch
    {
        MetricType.LongSum or MetricType.LongSumNonMonotonic => point.GetSumLong(),
        MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic => point.GetSumDouble(),
        MetricType.LongGauge => point.GetGaugeLastValueLong(),
        MetricType.DoubleGauge => point.GetGaugeLastValueDouble(),
        MetricType.Histogram => point.GetHistogramCount(),
        _ => throw new InvalidOperationException($"No reading for {type}."),
    };
}
