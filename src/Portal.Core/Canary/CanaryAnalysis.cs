using Portal.Core.Metrics;
using Portal.Core.Status;
using Portal.Core.Topology;

namespace Portal.Core.Canary;

/// <summary>
/// Reads the analysis's CloudWatch series (per minute) and judges them: the canary region against the regions still
/// on the old image over the same minutes, and against its own hour before the change. A comparison whose reference
/// has no data at all is not made, and the report says which were.
/// </summary>
public sealed class CanaryAnalysis(IMetricsSource metrics, CanarySettings settings)
{
    public static readonly TimeSpan HistoryLength = TimeSpan.FromHours(1);

    public async Task<CanaryReport> AnalyseAsync(RegionTopology canary, IReadOnlyList<RegionTopology> baselines, double targetShare,
        DateTimeOffset start, DateTimeOffset end, DateTimeOffset changedAt, CancellationToken ct)
    {
        var canaryWindow = await ReadAsync([canary], start, end, ct);
        var baselineWindow = await ReadAsync(baselines, start, end, ct);
        var historyWindow = await ReadAsync([canary], changedAt - HistoryLength, changedAt, ct);

        var comparisons = new List<CanaryComparison>();
        var baselineNames = string.Join(", ", baselines.Select(b => b.Region));
        if (HasData(baselineWindow))
            comparisons.Add(new("baseline", $"{canary.Region} (new image) against {baselineNames} (old image) over the same minutes", canaryWindow,
                baselineWindow));
        if (HasData(historyWindow))
            comparisons.Add(new("history", $"{canary.Region} (new image) against its own hour before the change " +
                $"({historyWindow.Start:HH:mm}-{historyWindow.End:HH:mm} UTC, old image)", canaryWindow, historyWindow));
        if (comparisons.Count == 0)
            comparisons.Add(new("baseline", $"{canary.Region} against {baselineNames}: the baseline has no data yet", canaryWindow, baselineWindow));

        var judgement = CanaryJudge.Judge(comparisons, settings);
        var canaryRequests = canaryWindow.Sum(CanaryMetric.RequestsKey);
        var total = canaryRequests + baselineWindow.Sum(CanaryMetric.RequestsKey);
        return new CanaryReport(canary.Region, [.. baselines.Select(b => b.Region)], targetShare, total > 0 ? canaryRequests / total : null,
            start, end, [.. comparisons.Select(c => c.Description)], judgement, Chart(canaryWindow, baselineWindow));
    }

    // A reference that served no request says nothing about the canary (a drained region, or a runtime that took no
    // traffic yet): its zero counts are not data to compare with.
    private static bool HasData(CanaryWindow window) => window.Sum(CanaryMetric.RequestsKey) > 0;

    // Several baseline regions are pooled: their per-minute values together form the reference sample.
    private async Task<CanaryWindow> ReadAsync(IReadOnlyList<RegionTopology> regions, DateTimeOffset start, DateTimeOffset end, CancellationToken ct)
    {
        var pooled = CanaryMetric.SeriesKeys.ToDictionary(k => k, _ => new List<MetricPoint>());
        foreach (var region in regions)
        {
            var queries = CanaryMetric.SeriesKeys
                .Select((key, i) => DashboardMetrics.ServiceQuery($"m{i}", region, DashboardMetrics.Service.Single(d => d.Key == key)))
                .ToList();
            var series = await metrics.GetMetricDataAsync(region.Region, queries, start, end, ct);
            for (var i = 0; i < queries.Count; i++) pooled[CanaryMetric.SeriesKeys[i]].AddRange(series[i].Points);
        }
        return new CanaryWindow(start, end, pooled.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<MetricPoint>)[.. kv.Value.OrderBy(p => p.Timestamp)]));
    }

    private static List<CanaryChartSeries> Chart(CanaryWindow canary, CanaryWindow baseline) =>
        [.. CanaryMetric.All.Select(m => m.Test == CanaryTest.TwoProportion
            ? new CanaryChartSeries(m.Key, m.Title, "%", ErrorShare(canary, m.Key), ErrorShare(baseline, m.Key))
            : new CanaryChartSeries(m.Key, m.Title, m.Unit, PerMinute(canary.Of(m.Key)), PerMinute(baseline.Of(m.Key))))];

    // Pooled regions give several points a minute; the chart shows their mean.
    private static List<MetricPoint> PerMinute(IReadOnlyList<MetricPoint> points) =>
        [.. points.GroupBy(p => p.Timestamp).OrderBy(g => g.Key).Select(g => new MetricPoint(g.Key, Math.Round(g.Average(p => p.Value), 3)))];

    private static List<MetricPoint> ErrorShare(CanaryWindow window, string key)
    {
        var requests = window.Of(CanaryMetric.RequestsKey).GroupBy(p => p.Timestamp).ToDictionary(g => g.Key, g => g.Sum(p => p.Value));
        return [.. window.Of(key).GroupBy(p => p.Timestamp).OrderBy(g => g.Key)
            .Where(g => requests.GetValueOrDefault(g.Key) > 0)
            .Select(g => new MetricPoint(g.Key, Math.Round(100 * g.Sum(p => p.Value) / requests[g.Key], 3)))];
    }
}
