using Portal.Core.Services;
using Portal.Core.Tables;
using Portal.Core.Time;

namespace Portal.Core.Status;

public enum VerdictLevel
{
    Healthy,
    Degraded,
    Down,
    Paused,
    Stale,
    Unknown,
}

/// <summary>A region at a glance: one level, the reason in a sentence, and notes that do not change the level.</summary>
public sealed record RegionVerdict(VerdictLevel Level, string Reason, IReadOnlyList<string> Notes);

/// <param name="StaleAfter">A read older than this (or whose latest attempt failed) is stale.</param>
/// <param name="MetricsStaleAfter">The same for CloudWatch reads, which come on their own, slower interval.</param>
/// <param name="ReplicationLagDegraded">DynamoDB replication latency above this makes the sending region degraded.</param>
/// <param name="CheckersStaleAfter">The same for Route 53's checker detail, whose own budget can read it less often than the rest (default: <paramref
/// name="StaleAfter"/>).</param>
public sealed record VerdictThresholds(TimeSpan StaleAfter, double Degraded5xxRate, TimeSpan MetricsStaleAfter, TimeSpan ReplicationLagDegraded,
    TimeSpan? CheckersStaleAfter = null)
{
    public TimeSpan CheckersStale => CheckersStaleAfter ?? StaleAfter;
}

/// <summary>
/// How the dashboard judges a region. Route 53's own verdict decides "down" (it is what moves traffic);
/// the portal's probe stands in when Route 53's API cannot be read; a failing App Runner API makes the
/// region "stale", never silently "healthy"; anything that needs a look but still serves is "degraded".
/// </summary>
public static class VerdictRules
{
    public static RegionVerdict Judge(RegionStatus region, DateTimeOffset now, VerdictThresholds thresholds)
    {
        var notes = new List<string>();
        var service = region.Service;
        var check = region.HealthCheck.Value;
        var checkStale = region.HealthCheck.IsStale(now, thresholds.CheckersStale);
        var probe = region.Probe.IsStale(now, thresholds.StaleAfter) ? null : region.Probe.Value;
        var probeFailing = probe is { Healthy: false };
        // While the checkers' detail is missing or old (its budget is small), CloudWatch's fleet-wide verdict speaks for Route 53.
        var metric = RouteHealth.FromCloudWatch(region, now, thresholds);

        if (region.HealthCheck.Error is not null && check is not null)
            notes.Add($"Route 53 API failing ({region.HealthCheck.Error}); checker results are {Ago.Describe(region.HealthCheck.Age(now)!.Value)} old.");
        if (region.Metrics.Error is not null)
            notes.Add($"CloudWatch failing ({region.Metrics.Error}); metrics may be old.");
        if (region.Replica.Error is not null)
            notes.Add(region.Replica.ObservedAt is { } tableRead
                ? $"DynamoDB DescribeTable failing ({region.Replica.Error}); the replica status shown is {Ago.Describe(now - tableRead)} old."
                : $"DynamoDB DescribeTable failing ({region.Replica.Error}); the replica status is unknown.");

        if (service.Value is null)
        {
            if (probeFailing && check is { IsHealthy: false })
                return new(VerdictLevel.Down, $"Unreachable: {probe!.Detail}; Route 53: {Checkers(check)}.", notes);
            if (probeFailing && metric is { Healthy: false })
                return new(VerdictLevel.Down, $"Unreachable: {probe!.Detail}; Route 53: {Metric(metric)}.", notes);
            return new(VerdictLevel.Unknown, service.Error is null ? "No App Runner data yet." : $"App Runner API failing: {service.Error}", notes);
        }

        var status = service.Value.Status;
        var serviceStale = service.IsStale(now, thresholds.StaleAfter);
        if (status is ServiceStatus.CreateFailed or ServiceStatus.Deleted or ServiceStatus.DeleteFailed)
            return new(VerdictLevel.Down, $"App Runner service is {status.ToAwsName()}.", notes);
        if (status == ServiceStatus.Paused && !serviceStale)
            return new(VerdictLevel.Paused, "App Runner service is paused: it answers 503 and serves no traffic.", notes);
        if (check is { IsHealthy: false } && metric is null)
            return new(VerdictLevel.Down, $"Route 53: {Checkers(check)}; traffic goes to the other region(s).", notes);
        if (metric is { Healthy: false })
            return new(VerdictLevel.Down, $"Route 53: {Metric(metric)}; traffic goes to the other region(s).", notes);
        if (probeFailing && (check is null || checkStale) && metric is null)
            return new(VerdictLevel.Down, $"The portal cannot reach it ({probe!.Detail}) and Route 53's view is unavailable.", notes);
        if (serviceStale)
        {
            var since = service.Age(now) is { } age ? $" for {Ago.Describe(age)}" : "";
            var reachability = probe is { Healthy: true } ? " The endpoint still answers the portal's probe." : "";
            return new(VerdictLevel.Stale, $"App Runner API not answering{since}: {service.Error ?? "no recent read"}. Last seen " +
                $"{status.ToAwsName()}.{reachability}", notes);
        }

        var problems = new List<string>();
        if (status == ServiceStatus.OperationInProgress)
            problems.Add(region.LatestOperation is { } op ? $"{op.Type.ToAwsName()} in progress" : "operation in progress");
        if (probeFailing)
            problems.Add($"the portal's probe fails ({probe!.Detail}) while Route 53 reports it healthy");
        if (metric is null && check is not null && check.HealthyCount < check.Total)
            problems.Add($"{check.Total - check.HealthyCount} of {check.Total} Route 53 checkers failing");
        if (metric is { PercentageHealthy: { } share } && share < 100)
            problems.Add(FormattableString.Invariant($"{share:0.#}% of Route 53 checkers healthy (CloudWatch)"));
        if (region.Metrics.Value?.Rate5xx is { } rate && rate > thresholds.Degraded5xxRate)
            problems.Add(FormattableString.Invariant($"5xx rate {rate * 100:0.0}% (over {thresholds.Degraded5xxRate * 100:0.#}%)"));
        if (region.Replica.Value is { Status: not ReplicaStatus.Active } replica)
            problems.Add($"global table replica {replica.ReportedStatus}");
        foreach (var lag in region.Lag.Error is null ? region.Lag.Value ?? [] : [])
            if (lag.NowMs is { } ms && TimeSpan.FromMilliseconds(ms) > thresholds.ReplicationLagDegraded)
                problems.Add(FormattableString.Invariant(
                    $"DynamoDB replication lag to {lag.ToRegion} {ms / 1000:0.0} s (over {thresholds.ReplicationLagDegraded.TotalSeconds:0.#} s)"));

        if (problems.Count > 0)
            return new(VerdictLevel.Degraded, Capitalize(string.Join("; ", problems)) + ".", notes);

        var healthy = metric is not null ? $"Route 53: {Metric(metric)}" : check is null ? "no Route 53 result yet" : $"Route 53: {Checkers(check)}";
        var probeText = probe is null ? "" : $", probe {probe.StatusCode} in {probe.LatencyMs:0} ms";
        return new(VerdictLevel.Healthy, $"Serving; {healthy}{probeText}.", notes);
    }

    private static string Checkers(Health.HealthCheckStatus check) =>
        $"{check.HealthyCount} of {check.Total} checkers healthy (healthy above 18%)";

    private static string Metric(HealthMetric metric) =>
        $"{(metric.Healthy ? "healthy" : "unhealthy")} per CloudWatch's HealthCheckStatus for {metric.Minute.UtcDateTime:HH:mm} UTC"
        + (metric.PercentageHealthy is { } p ? FormattableString.Invariant($" ({p:0.#}% of checkers healthy)") : "");

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
