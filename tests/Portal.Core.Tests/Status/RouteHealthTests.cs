using Portal.Core.Health;
using Portal.Core.Metrics;
using Portal.Core.Services;
using Portal.Core.Status;
using Portal.Core.Topology;

namespace Portal.Core.Tests.Status;

/// <summary>Which source speaks for Route 53 (the checkers' detail or CloudWatch's HealthCheckStatus), and how the verdict uses it.</summary>
public sealed class RouteHealthTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 30, TimeSpan.Zero);
    private static readonly VerdictThresholds Thresholds = new(TimeSpan.FromSeconds(35), 0.05, TimeSpan.FromSeconds(95), TimeSpan.FromSeconds(10));
    private static readonly RegionTopology Topology = new("us-east-2", "arn:aws:apprunner:us-east-2:111122223333:service/web/0123456789abcdef0123456789abcdef",
        "web", "hc-2", "us-east-2");
    private static readonly DateTimeOffset ThisMinute = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    private static RegionStatus Region(DateTimeOffset? checkersAt, HealthMetric? metric, int healthyCheckers = 16) =>
        RegionStatus.Unobserved(Topology) with
        {
            Service = Observed<ServiceState>.None.Succeeded(new ServiceState(Topology.ServiceArn, "web", "id", ServiceStatus.Running, "x/web:v1",
                "abc.us-east-2.awsapprunner.com", Now), Now),
            HealthCheck = checkersAt is { } at
                ? Observed<HealthCheckStatus>.None.Succeeded(new HealthCheckStatus("hc-2",
                    [.. Enumerable.Range(0, 16).Select(i => new CheckerObservation("us-west-2", $"15.177.{i}.1",
                    i < healthyCheckers ? "Success: HTTP Status Code 200, OK" : "Failure: HTTP Status Code 503, Service Unavailable", at))]), at)
                : Observed<HealthCheckStatus>.None,
            HealthMetric = metric is null ? Observed<HealthMetric>.None : Observed<HealthMetric>.None.Succeeded(metric, Now.AddSeconds(-2)),
        };

    [Fact]
    public void Fresh_checkers_speak_even_when_CloudWatch_has_a_newer_minute()
    {
        var region = Region(Now.AddSeconds(-5), new HealthMetric(false, 0, ThisMinute));

        Assert.Equal(HealthSource.Checkers, RouteHealth.Of(region, Now, Thresholds)!.Source);
        Assert.Equal(VerdictLevel.Healthy, VerdictRules.Judge(region, Now, Thresholds).Level);
    }

    [Fact]
    public void Without_the_checkers_CloudWatch_decides_down_and_the_reason_names_it_and_its_minute()
    {
        var region = Region(null, new HealthMetric(false, 12.5, ThisMinute));

        var health = RouteHealth.Of(region, Now, Thresholds)!;
        var verdict = VerdictRules.Judge(region, Now, Thresholds);

        Assert.Equal(HealthSource.CloudWatch, health.Source);
        Assert.False(health.Healthy);
        Assert.Equal("unhealthy, 12.5% of checkers healthy (CloudWatch HealthCheckStatus for the minute of 12:00 UTC, read 2 s ago)", health.Text);
        Assert.Equal(VerdictLevel.Down, verdict.Level);
        Assert.Equal("Route 53: unhealthy per CloudWatch's HealthCheckStatus for 12:00 UTC (12.5% of checkers healthy); traffic goes to the other region(s).",
            verdict.Reason);
    }

    [Fact]
    public void Checkers_read_long_before_CloudWatch_minute_give_way_to_it_though_their_budget_keeps_them_from_turning_stale()
    {
        // The checkers' budget reads them every 4 min, so they are not stale; CloudWatch's minute is far newer.
        var region = Region(Now.AddMinutes(-3), new HealthMetric(true, 100, ThisMinute), healthyCheckers: 0);
        var stretched = Thresholds with { CheckersStaleAfter = TimeSpan.FromMinutes(5) };

        Assert.Equal(HealthSource.CloudWatch, RouteHealth.Of(region, Now, stretched)!.Source);
        var verdict = VerdictRules.Judge(region, Now, stretched);
        Assert.Equal(VerdictLevel.Healthy, verdict.Level);
        Assert.Contains("healthy per CloudWatch's HealthCheckStatus", verdict.Reason);
    }

    [Fact]
    public void A_stale_CloudWatch_value_never_speaks_and_nothing_read_is_no_verdict()
    {
        var old = Region(null, new HealthMetric(false, 0, ThisMinute)) with
        {
            HealthMetric = Observed<HealthMetric>.None.Succeeded(new HealthMetric(false, 0, ThisMinute.AddMinutes(-5)), Now.AddMinutes(-5)),
        };

        Assert.Null(RouteHealth.FromCloudWatch(old, Now, Thresholds));
        Assert.NotEqual(VerdictLevel.Down, VerdictRules.Judge(old, Now, Thresholds).Level);
        Assert.Null(RouteHealth.Of(Region(null, null), Now, Thresholds));
    }

    [Fact]
    public void The_queries_ask_for_both_metrics_of_every_check_and_the_latest_minute_is_read_back()
    {
        var queries = HealthMetrics.Queries(["hc-1", "hc-2"]);

        Assert.Equal(4, queries.Count);
        Assert.All(queries, q => Assert.Equal(("AWS/Route53", TimeSpan.FromMinutes(1)), (q.Namespace, q.Period)));
        Assert.Equal(["HealthCheckStatus:Minimum:hc-1", "HealthCheckPercentageHealthy:Average:hc-1", "HealthCheckStatus:Minimum:hc-2",
            "HealthCheckPercentageHealthy:Average:hc-2"],
            queries.Select(q => $"{q.MetricName}:{q.Stat}:{Assert.Single(q.Dimensions, d => d.Name == "HealthCheckId").Value}"));
        MetricSeries Series(string id, params (int Minute, double Value)[] points) =>
            new(id, [.. points.Select(p => new MetricPoint(ThisMinute.AddMinutes(p.Minute), p.Value))], true);
        IReadOnlyList<MetricSeries> answer = [Series("s0", (-1, 1), (0, 0)), Series("p0", (-1, 100), (0, 43.75)), Series("s1"), Series("p1")];

        Assert.Equal(new HealthMetric(false, 43.75, ThisMinute), HealthMetrics.Latest(answer, 0));
        Assert.Null(HealthMetrics.Latest(answer, 1));
    }
}
