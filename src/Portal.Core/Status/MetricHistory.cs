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
    private long _version;

    /// <summary>Goes up with every merge, so live pages refetch chart data only when there is something new.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>Replaces whatever was held for [<paramref name="from"/>, <paramref name="to"/>) with <paramref name="points"/> (a re-read minute may have
    /// grown).</summary>
    /// <returns>The points added, changed or dropped, for the cluster's other instances.</returns>
    public IReadOnlyList<MetricChange> Merge(string environment, string region, string series, DateTimeOffset from, DateTimeOffset to,
        IEnumerable<MetricPoint> points, DateTimeOffset now)
    {
        var changes = new List<MetricChange>();
        lock (_gate)
        {
            if (!_series.TryGetValue((environment, region, series), out var list))
                _series[(environment, region, series)] = list = [];
            var incoming = new Dictionary<DateTimeOffset, double>();
            foreach (var p in points) incoming[p.Timestamp] = p.Value;
            for (var i = list.Count - 1; i >= 0; i--)
                if (list.Keys[i] >= from && list.Keys[i] < to && !incoming.ContainsKey(list.Keys[i]))
                {
                    changes.Add(new MetricChange(environment, region, series, list.Keys[i], null));
                    list.RemoveAt(i);
                }
            foreach (var (at, value) in incoming)
            {
                if (list.TryGetValue(at, out var held) && held.Equals(value)) continue;
                list[at] = value;
                changes.Add(new MetricChange(environment, region, series, at, value));
            }
            Trim(list, now);
            Interlocked.Increment(ref _version);
        }
        return changes;
    }

    /// <summary>Applies another instance's changes as they were made there (a dropped point is a null value).</summary>
    public void Apply(IEnumerable<MetricChange> changes, DateTimeOffset now)
    {
        lock (_gate)
            foreach (var c in changes)
            {
                if (!_series.TryGetValue((c.Environment, c.Region, c.Series), out var list))
                    _series[(c.Environment, c.Region, c.Series)] = list = [];
                if (c.Value is { } value) list[c.At] = value;
                else list.Remove(c.At);
                Trim(list, now);
                Interlocked.Increment(ref _version);
            }
    }

    private static void Trim(SortedList<DateTimeOffset, double> list, DateTimeOffset now)
    {
        var horizon = now - Retention;
        while (list.Count > 0 && list.Keys[0] < horizon) list.RemoveAt(0);
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
