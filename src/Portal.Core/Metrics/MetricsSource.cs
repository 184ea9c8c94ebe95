namespace Portal.Core.Metrics;

public sealed record MetricDimension(string Name, string Value);

/// <summary>One series to read: a metric, a statistic (Sum, Average, Maximum, Minimum, SampleCount, p50, p99...) and a period.</summary>
/// <param name="Id">Unique within one request; lowercase letter first, then letters, digits and underscores (CloudWatch's rule).</param>
/// <param name="Scale">Each datapoint is multiplied by it: a unit conversion, e.g. 1000 for a metric in seconds charted in ms.</param>
public sealed record MetricQuery(
    string Id,
    string Namespace,
    string MetricName,
    IReadOnlyList<MetricDimension> Dimensions,
    string Stat,
    TimeSpan Period,
    double Scale = 1);

/// <summary>A query's datapoints, oldest first; <see cref="Complete"/> is false when the source returned only part of them.</summary>
public sealed record MetricSeries(string Id, IReadOnlyList<MetricPoint> Points, bool Complete);

public readonly record struct MetricPoint(DateTimeOffset Timestamp, double Value);

/// <summary>A regional metrics store (CloudWatch).</summary>
public interface IMetricsSource
{
    /// <summary>All <paramref name="queries"/> in one logical request for <paramref name="region"/> (pages followed); one series per query, in query
    /// order.</summary>
    Task<IReadOnlyList<MetricSeries>> GetMetricDataAsync(string region, IReadOnlyList<MetricQuery> queries, DateTimeOffset start, DateTimeOffset end,
        CancellationToken ct = default);
}
