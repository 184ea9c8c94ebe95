using Portal.Core.Metrics;
using Portal.Core.Time;

namespace Portal.Core.Status;

/// <summary>
/// A health check's verdict as Route 53 publishes it to CloudWatch: <c>HealthCheckStatus</c> (the minute's Minimum, so
/// a check unhealthy at any moment of the minute reads unhealthy) and <c>HealthCheckPercentageHealthy</c> (the
/// minute's Average share of checkers that saw the endpoint healthy).
/// </summary>
/// <param name="Minute">The start of the one-minute datapoint the values are from.</param>
public sealed record HealthMetric(bool Healthy, double? PercentageHealthy, DateTimeOffset Minute);

/// <summary>
/// The queries for Route 53's health check metrics (namespace AWS/Route53, dimension HealthCheckId, one-minute period),
/// which CloudWatch holds in us-east-1 only, whatever region the endpoint is in: one GetMetricData of up to 500
/// queries reads the verdict of 250 checks.
/// </summary>
public static class HealthMetrics
{
    public const string Region = "us-east-1";

    public const string Namespace = "AWS/Route53";

    /// <summary>CloudWatch's limit of queries in one GetMetricData: the budget pays one call per this many.</summary>
    public const int MaxQueriesPerRequest = 500;

    /// <summary>How far back a read looks: Route 53's datapoints arrive a minute or two late.</summary>
    public static readonly TimeSpan Lookback = TimeSpan.FromMinutes(5);

    public static IReadOnlyList<MetricQuery> Queries(IReadOnlyList<string> healthCheckIds) =>
        [.. healthCheckIds.SelectMany((id, i) => new[]
        {
            new MetricQuery($"s{i}", Namespace, "HealthCheckStatus", [new("HealthCheckId", id)], "Minimum", DashboardMetrics.Minute),
            new MetricQuery($"p{i}", Namespace, "HealthCheckPercentageHealthy", [new("HealthCheckId", id)], "Average", DashboardMetrics.Minute),
        })];

    /// <summary>The latest datapoint of check <paramref name="index"/> in the answer to <see cref="Queries"/>; null when CloudWatch has none.</summary>
    public static HealthMetric? Latest(IReadOnlyList<MetricSeries> answer, int index)
    {
        var status = answer[2 * index].Points;
        if (status.Count == 0) return null;
        var latest = status.MaxBy(p => p.Timestamp);
        var percentage = answer[2 * index + 1].Points.Where(p => p.Timestamp == latest.Timestamp).Select(p => (double?)p.Value).FirstOrDefault();
        return new HealthMetric(latest.Value >= 1, percentage, latest.Timestamp);
    }
}

/// <summary>Where a region's Route 53 verdict shown comes from.</summary>
public enum HealthSource
{
    /// <summary>GetHealthCheckStatus: every checker's last observation (within its budget, so it can be old).</summary>
    Checkers,

    /// <summary>CloudWatch's HealthCheckStatus, read for the whole fleet at once.</summary>
    CloudWatch,
}

/// <summary>A region's Route 53 verdict, which source it came from, and how old it is.</summary>
public sealed record RouteHealth(bool Healthy, HealthSource Source, DateTimeOffset ReadAt, string Text)
{
    /// <summary>
    /// CloudWatch's verdict when it speaks for Route 53: it is fresh, and the checkers' detail is missing, stale, or more
    /// than StaleAfter older than what CloudWatch describes (its minute, up to when it was read). Otherwise null: the
    /// checkers' detail, which says more, speaks.
    /// </summary>
    public static HealthMetric? FromCloudWatch(RegionStatus region, DateTimeOffset now, VerdictThresholds thresholds)
    {
        if (region.HealthMetric.IsStale(now, thresholds.MetricsStaleAfter) || region.HealthMetric.Value is not { } metric) return null;
        var checkers = region.HealthCheck;
        if (checkers.Value is null || checkers.IsStale(now, thresholds.CheckersStale)) return metric;
        var describes = Min(metric.Minute + TimeSpan.FromMinutes(1), region.HealthMetric.ObservedAt!.Value);
        return describes - checkers.ObservedAt!.Value > thresholds.StaleAfter ? metric : null;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    /// <summary>The verdict shown: CloudWatch's when <see cref="FromCloudWatch"/> says so, else the checkers' detail, else CloudWatch's old one. Null when
    /// neither was ever read.</summary>
    public static RouteHealth? Of(RegionStatus region, DateTimeOffset now, VerdictThresholds thresholds)
    {
        var checkers = region.HealthCheck;
        var metric = region.HealthMetric;
        var cloudWatch = FromCloudWatch(region, now, thresholds);
        if (cloudWatch is null && checkers.Value is { } check)
            return new(check.IsHealthy, HealthSource.Checkers, checkers.ObservedAt!.Value,
                $"{(check.IsHealthy ? "healthy" : "unhealthy")}: {check.HealthyCount} of {check.Total} checkers (GetHealthCheckStatus, read " +
                    $"{Ago.Format(checkers.ObservedAt!.Value, now)})");
        if (metric.Value is { } m)
            return new(m.Healthy, HealthSource.CloudWatch, metric.ObservedAt!.Value,
                $"{(m.Healthy ? "healthy" : "unhealthy")}" +
                $"{(m.PercentageHealthy is { } p ? FormattableString.Invariant($", {p:0.#}% of checkers healthy") : "")} " +
                $"(CloudWatch HealthCheckStatus for the minute of {m.Minute.UtcDateTime:HH:mm} UTC, read {Ago.Format(metric.ObservedAt!.Value, now)})");
        return null;
    }
}
