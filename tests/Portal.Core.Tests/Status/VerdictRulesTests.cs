using Portal.Core.Health;
using Portal.Core.Services;
using Portal.Core.Status;
using Portal.Core.Tables;
using Portal.Core.Topology;

namespace Portal.Core.Tests.Status;

public sealed class VerdictRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    private static readonly VerdictThresholds Thresholds = new(TimeSpan.FromSeconds(35), 0.05, TimeSpan.FromSeconds(95), TimeSpan.FromSeconds(10));
    private static readonly RegionTopology Topology = new("us-east-1", "arn:aws:apprunner:us-east-1:111122223333:service/web/0123456789abcdef0123456789abcdef",
        "web", "hc-1", "us-east-1");

    private static HealthCheckStatus Checkers(int healthy, int total = 16) => new("hc-1",
        [.. Enumerable.Range(0, total).Select(i => new CheckerObservation("us-west-2", $"15.177.{i}.1", i < healthy
            ? "Success: HTTP Status Code 200, OK" : "Failure: HTTP Status Code 503, Service Unavailable", Now))]);

    private static RegionStatus Region(ServiceStatus status = ServiceStatus.Running, int healthy = 16, ProbeResult? probe = null,
        DateTimeOffset? readAt = null) =>
        RegionStatus.Unobserved(Topology) with
        {
            Service = Observed<ServiceState>.None.Succeeded(new ServiceState(Topology.ServiceArn, "web", "id", status, "x/web:v1",
                "abc.us-east-1.awsapprunner.com", Now), readAt ?? Now),
            HealthCheck = Observed<HealthCheckStatus>.None.Succeeded(Checkers(healthy), readAt ?? Now),
            Probe = Observed<ProbeResult>.None.Succeeded(probe ?? new ProbeResult("https://abc/health", 200, 12, "HTTP 200 OK"), readAt ?? Now),
        };

    private static RegionVerdict Judge(RegionStatus region) => VerdictRules.Judge(region, Now, Thresholds);

    [Fact]
    public void A_running_service_every_checker_sees_is_healthy_and_says_so()
    {
        var verdict = Judge(Region());

        Assert.Equal(VerdictLevel.Healthy, verdict.Level);
        Assert.Contains("16 of 16 checkers healthy", verdict.Reason);
    }

    [Fact]
    public void Three_of_sixteen_checkers_is_still_above_18_percent_but_degraded()
    {
        var verdict = Judge(Region(healthy: 3));

        Assert.Equal(VerdictLevel.Degraded, verdict.Level);
        Assert.Contains("13 of 16 Route 53 checkers failing", verdict.Reason);
    }

    [Fact]
    public void Two_of_sixteen_checkers_is_at_or_below_18_percent_and_down()
    {
        var verdict = Judge(Region(healthy: 2));

        Assert.Equal(VerdictLevel.Down, verdict.Level);
        Assert.Contains("2 of 16 checkers healthy", verdict.Reason);
    }

    [Fact]
    public void A_paused_service_reads_paused_not_down()
    {
        var verdict = Judge(Region(ServiceStatus.Paused, healthy: 0, probe: new ProbeResult("u", 503, 3, "HTTP 503")));

        Assert.Equal(VerdictLevel.Paused, verdict.Level);
    }

    [Fact]
    public void A_failing_app_runner_api_makes_the_region_stale_with_the_error_and_the_last_known_status()
    {
        var region = Region(readAt: Now.AddMinutes(-2));
        region = region with { Service = region.Service.Failed("Service is unavailable in us-east-1", Now),
            HealthCheck = region.HealthCheck.Succeeded(Checkers(16), Now), Probe = region.Probe.Succeeded(new ProbeResult("u", 200, 5, "HTTP 200 OK"), Now) };

        var verdict = Judge(region);

        Assert.Equal(VerdictLevel.Stale, verdict.Level);
        Assert.Contains("Service is unavailable in us-east-1", verdict.Reason);
        Assert.Contains("Last seen RUNNING", verdict.Reason);
        Assert.Contains("still answers the portal's probe", verdict.Reason);
    }

    [Fact]
    public void An_unreachable_endpoint_with_route53_unreadable_is_down()
    {
        var region = Region(probe: new ProbeResult("u", null, 5000, "connection refused"), readAt: Now.AddMinutes(-3));
        region = region with
        {
            Service = region.Service.Failed("unreachable", Now),
            HealthCheck = region.HealthCheck.Failed("Route 53 unavailable", Now),
            Probe = region.Probe.Succeeded(new ProbeResult("u", null, 5000, "connection refused"), Now),
        };

        var verdict = Judge(region);

        Assert.Equal(VerdictLevel.Down, verdict.Level);
        Assert.Contains("connection refused", verdict.Reason);
    }

    [Fact]
    public void A_route53_api_outage_keeps_the_last_checker_results_and_notes_their_age()
    {
        var region = Region();
        region = region with { HealthCheck = Observed<HealthCheckStatus>.None.Succeeded(Checkers(16), Now.AddMinutes(-4))
            .Failed("Route 53 control plane is unavailable", Now) };

        var verdict = Judge(region);

        Assert.Equal(VerdictLevel.Healthy, verdict.Level);
        Assert.Contains(verdict.Notes, n => n.Contains("Route 53 API failing") && n.Contains("4 min old"));
    }

    [Fact]
    public void A_high_5xx_rate_or_an_inactive_replica_degrades_the_region()
    {
        var region = Region() with
        {
            Metrics = Observed<MetricsSummary>.None.Succeeded(new MetricsSummary(Now, 600, 0, 0.2, 20, 90, 1, 10, 20), Now),
            Replica = Observed<ReplicaState>.None.Succeeded(new ReplicaState("us-east-1", ReplicaStatus.Updating, "UPDATING"), Now),
        };

        var verdict = Judge(region);

        Assert.Equal(VerdictLevel.Degraded, verdict.Level);
        Assert.Contains("5xx rate 20.0%", verdict.Reason);
        Assert.Contains("replica UPDATING", verdict.Reason);
    }

    [Fact]
    public void A_region_never_read_is_unknown_with_the_error()
    {
        var region = RegionStatus.Unobserved(Topology) with { Service = Observed<ServiceState>.None.Failed("AccessDeniedException: not authorized", Now) };

        var verdict = Judge(region);

        Assert.Equal(VerdictLevel.Unknown, verdict.Level);
        Assert.Contains("AccessDeniedException", verdict.Reason);
    }

    [Fact]
    public void A_replication_lag_above_the_threshold_is_degraded_with_the_lag_in_the_reason()
    {
        var region = Region() with { Lag = Observed<IReadOnlyList<ReplicationLag>>.None.Succeeded([new ReplicationLag("us-east-2", 156_000, 2_000)], Now) };

        var verdict = Judge(region);

        Assert.Equal(VerdictLevel.Degraded, verdict.Level);
        Assert.Contains("DynamoDB replication lag to us-east-2 156.0 s (over 10 s)", verdict.Reason);
    }

    [Fact]
    public void A_normal_replication_lag_stays_healthy() =>
        Assert.Equal(VerdictLevel.Healthy, Judge(Region() with { Lag = Observed<IReadOnlyList<ReplicationLag>>.None.Succeeded([new ReplicationLag("us-east-2",
            800, 1_200)], Now) }).Level);

    [Fact]
    public void A_failing_DescribeTable_is_noted_with_the_age_of_the_status_shown()
    {
        var replica = Observed<ReplicaState>.None.Succeeded(new ReplicaState("us-east-1", ReplicaStatus.Active, "ACTIVE"), Now.AddMinutes(-3))
            .Failed("ThrottlingException", Now);
        var region = Region() with { Replica = replica };

        Assert.Contains("DynamoDB DescribeTable failing (ThrottlingException); the replica status shown is 3 min old.", Judge(region).Notes);
        var stale = Assert.Single(Staleness.Of(region, Now, Thresholds));
        Assert.Equal((StatusRead.GlobalTable, "stale: last read 3 min ago (ThrottlingException)"), (stale.Read, stale.Describe(Now)));
    }

    [Fact]
    public void Metrics_go_stale_on_their_own_slower_clock()
    {
        var metrics = Observed<MetricsSummary>.None.Succeeded(new MetricsSummary(Now, 60, 0, 0, 10, 20, 1, 5, 10), Now.AddSeconds(-60));
        // A minute old is fresh for metrics (read every MetricsInterval), though it would be stale for App Runner's status.
        Assert.Empty(Staleness.Of(Region() with { Metrics = metrics }, Now, Thresholds));
        Assert.Contains(StatusRead.Metrics, Staleness.Of(Region() with { Metrics = metrics }, Now.AddSeconds(40), Thresholds).Select(s => s.Read));
    }
}
