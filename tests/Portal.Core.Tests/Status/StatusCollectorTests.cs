using Portal.Core.Health;
using Portal.Core.Metrics;
using Portal.Core.Services;
using Portal.Core.Status;
using Portal.Core.Tables;
using Portal.Core.Topology;
using Portal.Core.Traffic;

namespace Portal.Core.Tests.Status;

/// <summary>The collector against in-memory ports: what it keeps, marks and computes when calls fail.</summary>
public sealed class StatusCollectorTests
{
    private const string Arn1 = "arn:aws:apprunner:us-east-1:111122223333:service/web/0123456789abcdef0123456789abcdef";
    private const string Arn2 = "arn:aws:apprunner:us-east-2:111122223333:service/web/fedcba9876543210fedcba9876543210";

    private static readonly EnvironmentTopology Env = new("production", true, "Z1", "app.example.com.", "web",
        [new("us-east-1", Arn1, "web", "hc-1", "us-east-1"), new("us-east-2", Arn2, "web", "hc-2", "us-east-2")]);

    private readonly StatusFakes _aws = new();
    private readonly StatusBoard _board = new();
    private readonly StatusCollector _collector;

    public StatusCollectorTests()
    {
        _collector = new StatusCollector(() => new PortalTopology([Env]), _aws, _aws, _aws, _aws, _aws, _aws, _board,
            new CollectorSettings(new VerdictThresholds(TimeSpan.FromSeconds(35), 0.05, TimeSpan.FromSeconds(95), TimeSpan.FromSeconds(10)), 20),
                TimeProvider.System);
    }

    private RegionStatus RegionOf(string region) => _board.Find("production")!.Regions.Single(r => r.Region == region);

    [Fact]
    public async Task A_refresh_publishes_both_regions_with_status_weights_shares_and_replicas()
    {
        await _collector.RefreshAsync(CancellationToken.None);

        var east1 = RegionOf("us-east-1");
        Assert.Equal(ServiceStatus.Running, east1.Service.Value!.Status);
        Assert.Equal(128, east1.Record.Value!.Weight);
        Assert.Equal(0.5, east1.TrafficShare);
        Assert.Equal(ReplicaStatus.Active, east1.Replica.Value!.Status);
        Assert.Equal(VerdictLevel.Healthy, east1.Verdict.Level);
        Assert.Single(_board.Health.Read("production", "us-east-1"));
    }

    [Fact]
    public async Task A_region_whose_apis_fail_keeps_its_last_values_marked_stale_while_the_other_updates()
    {
        await _collector.RefreshAsync(CancellationToken.None);
        _aws.DownRegions.Add("us-east-2");
        _aws.Image = "web:v2";

        await _collector.RefreshAsync(CancellationToken.None);

        var east2 = RegionOf("us-east-2");
        Assert.Equal(ServiceStatus.Running, east2.Service.Value!.Status);
        Assert.EndsWith(":v1", east2.Service.Value.ImageIdentifier);
        Assert.Contains("us-east-2 is down", east2.Service.Error);
        Assert.Equal(VerdictLevel.Stale, east2.Verdict.Level);
        var east1 = RegionOf("us-east-1");
        Assert.EndsWith(":v2", east1.Service.Value!.ImageIdentifier);
        Assert.Null(east1.Service.Error);
    }

    [Fact]
    public async Task An_unhealthy_check_moves_the_traffic_share_to_the_other_region()
    {
        _aws.UnhealthyChecks.Add("hc-2");

        await _collector.RefreshAsync(CancellationToken.None);

        Assert.Equal(1.0, RegionOf("us-east-1").TrafficShare);
        Assert.Equal(0.0, RegionOf("us-east-2").TrafficShare);
        Assert.Equal(VerdictLevel.Down, RegionOf("us-east-2").Verdict.Level);
    }

    [Fact]
    public async Task Metrics_come_from_one_request_per_region_and_summarize_the_latest_complete_minute()
    {
        await _collector.RefreshAsync(CancellationToken.None);
        await _collector.RefreshMetricsAsync(CancellationToken.None);

        Assert.Equal(2, _aws.MetricRequests.Count);
        Assert.All(_aws.MetricRequests, r => Assert.Equal(9 + 2, r.Queries.Count));
        var summary = RegionOf("us-east-1").Metrics.Value!;
        Assert.Equal(600, summary.RequestsPerMinute);
        Assert.Equal(0.01, summary.Rate5xx!.Value, 6);
        var lag = Assert.Single(RegionOf("us-east-1").Lag.Value!);
        Assert.Equal("us-east-2", lag.ToRegion);
        Assert.Equal(700, lag.NowMs);
        Assert.Equal(1900, lag.P99HourMs);
    }

    [Fact]
    public async Task The_first_metrics_read_loads_a_day_and_later_reads_only_the_last_hour()
    {
        await _collector.RefreshMetricsAsync(CancellationToken.None);
        await _collector.RefreshMetricsAsync(CancellationToken.None);

        Assert.Equal(TimeSpan.FromHours(24), _aws.MetricRequests[0].End - _aws.MetricRequests[0].Start);
        Assert.Equal(TimeSpan.FromHours(1), _aws.MetricRequests[^1].End - _aws.MetricRequests[^1].Start);
        // "p99 over the last hour" is an hourly bucket on both reads, never the whole day.
        Assert.All(_aws.MetricRequests.SelectMany(r => r.Queries).Where(q => q.Stat == "p99" && q.MetricName == "ReplicationLatency"),
            q => Assert.Equal(TimeSpan.FromHours(1), q.Period));
    }
}
