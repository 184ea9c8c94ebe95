using Portal.Core.Metrics;

namespace Portal.Core.Status;

/// <summary>
/// The dashboard's charts, kept in memory from the collector's reads: one-minute points per
/// (environment, region, series), at most <see cref="Retention"/> old, so pages and the JSON API read
/// history without calling CloudWatch per viewer.
/// </summary>
public sealed class MetricHistory
{
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    private readonly object _gate = new();
    private readonly Dictionary<(string Env, string Region, string Series), SortedList<DateTimeOffset, double>> _series = [];

    /// <summary>Replaces whatever was held for [<paramref name="from"/>, <paramref name="to"/>) with <paramref name="points"/> (a re-read minute may have
    /// grown).</summary>
    public void Merge(string environment, string region, string series, DateTimeOffset from, DateTimeOffset to, IEnumerable<MetricPoint> points,
        DateTimeOffset now)
    {
        lock (_gate)
        {
            if (!_series.TryGetValue((environment, region, series), out var list))
                _series[(environment, region, series)] = list = [];
            for (var i = list.Count - 1; i >= 0; i--)
                if (list.Keys[i] >= from && list.Keys[i] < to) list.RemoveAt(i);
            foreach (var p in points) list[p.Timestamp] = p.Value;
            var horizon = now - Retention;
            while (list.Count > 0 && list.Keys[0] < horizon) list.RemoveAt(0);
        }
    }

    public IReadOnlyList<MetricPoint> Read(string environment, string region, string series, DateTimeOffset since)
    {
        lock (_gate)
        {
            if (!_series.TryGetValue((environment, region, series), out var list)) return [];
            return [.. list.Where(p => p.Key >= since).Select(p => new MetricPoint(p.Key, p.Value))];
        }
    }

    public MetricPoint? Latest(string environment, string region, string series)
    {
        lock (_gate)
            return _series.TryGetValue((environment, region, series), out var list) && list.Count > 0
                ? new MetricPoint(list.Keys[^1], list.Values[^1])
                : null;
    }
}
