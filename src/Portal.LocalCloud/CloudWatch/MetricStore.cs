using System.Collections.Concurrent;

namespace Portal.LocalCloud.CloudWatch;

/// <summary>A point of a GetMetricData result: the period's start and the statistic's value.</summary>
public readonly record struct Datapoint(DateTimeOffset Timestamp, double Value);

/// <summary>
/// CloudWatch's storage in LocalCloud: per metric, one-minute buckets in a fixed 24-hour ring
/// (<see cref="MetricSeries"/>). Recording is a dictionary lookup and a short per-metric lock, cheap
/// enough for the five values every served request records.
/// </summary>
public sealed class MetricStore
{
    private readonly ConcurrentDictionary<MetricKey, MetricSeries> _series = new();

    /// <summary>How far back data is kept: 24 hours at one-minute resolution (plus the current minute).</summary>
    public static TimeSpan Retention => TimeSpan.FromMinutes(MetricSeries.Capacity - 1);

    public void Record(MetricKey key, double value, DateTimeOffset at)
    {
        if (double.IsNaN(value) || double.IsInfinity(value)) return; // CloudWatch rejects these too
        var series = _series.TryGetValue(key, out var existing) ? existing : _series.GetOrAdd(key, k => new MetricSeries(k));
        series.Record(value, MinuteOf(at));
    }

    /// <summary>Every metric with data in <paramref name="region"/>, dimensions in the order first recorded.</summary>
    public IReadOnlyList<MetricKey> Metrics(string region) =>
        [.. _series.Keys.Where(k => k.Region == region)];

    /// <summary>
    /// The statistic per period from <paramref name="start"/> (rounded down to the minute) to
    /// <paramref name="end"/>, oldest first; periods without data are left out, as CloudWatch does.
    /// </summary>
    public IReadOnlyList<Datapoint> Query(MetricKey key, DateTimeOffset start, DateTimeOffset end, int periodSeconds, Statistic statistic)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(periodSeconds, 60);
        if (periodSeconds % 60 != 0) throw new ArgumentException("The period must be a multiple of 60 seconds.", nameof(periodSeconds));
        if (!_series.TryGetValue(key, out var series)) return [];

        var periodMinutes = periodSeconds / 60;
        var firstMinute = MinuteOf(start);
        var endMinute = MinuteOf(end) + (end.ToUnixTimeMilliseconds() % 60_000 == 0 ? 0 : 1); // exclusive
        // Skip straight to the periods the ring can still hold: a year-long range costs no more than a day.
        var oldestKept = series.NewestMinute - MetricSeries.Capacity + 1;
        if (firstMinute < oldestKept) firstMinute += (oldestKept - firstMinute) / periodMinutes * periodMinutes;
        endMinute = Math.Min(endMinute, series.NewestMinute + 1);

        var points = new List<Datapoint>();
        var histogram = new long[LogHistogram.BinCount];
        var aggregate = default(Aggregate);
        for (var minute = firstMinute; minute < endMinute; minute += periodMinutes)
        {
            var minutes = (int)Math.Min(periodMinutes, endMinute - minute);
            if (!series.Aggregate(minute, minutes, ref aggregate, histogram)) continue;
            points.Add(new Datapoint(DateTimeOffset.FromUnixTimeSeconds(minute * 60), ValueOf(statistic, aggregate, histogram)));
        }
        return points;
    }

    /// <summary>Start of the newest minute with data (null for an unknown metric).</summary>
    public DateTimeOffset? LastRecorded(MetricKey key) =>
        _series.TryGetValue(key, out var s) && s.NewestMinute != MetricSeries.Never ? DateTimeOffset.FromUnixTimeSeconds(s.NewestMinute * 60) : null;

    internal int RetainedBuckets(MetricKey key) => _series.TryGetValue(key, out var s) ? s.RetainedBuckets() : 0;

    internal long ApproximateBytes() => _series.Values.Sum(s => s.ApproximateBytes());

    private static double ValueOf(Statistic statistic, Aggregate a, long[] histogram) => statistic.Kind switch
    {
        StatisticKind.Sum => a.Sum,
        StatisticKind.Average => a.Sum / a.Count,
        StatisticKind.Maximum => a.Max,
        StatisticKind.Minimum => a.Min,
        StatisticKind.SampleCount => a.Count,
        _ => LogHistogram.Percentile(histogram, a.Count, statistic.Percentile, a.Min, a.Max),
    };

    private static long MinuteOf(DateTimeOffset at) => (long)Math.Floor(at.ToUnixTimeMilliseconds() / 60_000.0);
}
