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

    private readonly Fakes _aws = new();
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

    private sealed class Fakes : IServiceRuntime, IHealthChecks, ITrafficRouter, IGlobalTable, IMetricsSource, IEndpointProbe
    {
        public HashSet<string> DownRegions { get; } = [];
        public HashSet<string> UnhealthyChecks { get; } = [];
        public string Image { get; set; } = "web:v1";
        public List<(string Region, IReadOnlyList<MetricQuery> Queries, DateTimeOffset Start, DateTimeOffset End)> MetricRequests { get; } = [];

        private void Check(string region)
        {
            if (DownRegions.Contains(region)) throw new InvalidOperationException($"{region} is down");
        }

        public Task<ServiceState> DescribeAsync(string region, string serviceArn, CancellationToken ct = default)
        {
            Check(region);
            return Task.FromResult(new ServiceState(serviceArn, "web", "id", ServiceStatus.Running, $"111122223333.dkr.ecr.{region}.amazonaws.com/{Image}",
                $"{region}.example", DateTimeOffset.UtcNow));
        }

        public Task<IReadOnlyList<ServiceOperation>> ListOperationsAsync(string region, string serviceArn, int max = 20, CancellationToken ct = default)
        {
            Check(region);
            return Task.FromResult<IReadOnlyList<ServiceOperation>>([new("op", OperationType.UpdateService, OperationStatus.Succeeded,
                DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(-1), null)]);
        }

        // The collector only reads: a mutating call from it fails the test.
        public Task<ImageUpdate> UpdateImageAsync(string region, string serviceArn, string imageIdentifier, CancellationToken ct = default) =>
            throw new InvalidOperationException("the status collector must not deploy");

        public Task<string?> PauseAsync(string region, string serviceArn, CancellationToken ct = default) =>
            throw new InvalidOperationException("the status collector must not pause");

        public Task<string?> ResumeAsync(string region, string serviceArn, CancellationToken ct = default) =>
            throw new InvalidOperationException("the status collector must not resume");

        public Task<HealthCheckStatus> GetStatusAsync(string healthCheckId, CancellationToken ct = default) =>
            Task.FromResult(new HealthCheckStatus(healthCheckId, [.. Enumerable.Range(0, 16).Select(i => new CheckerObservation("us-west-1", $"10.0.0.{i}",
                UnhealthyChecks.Contains(healthCheckId) ? "Failure: HTTP Status Code 503, Service Unavailable" : "Success: HTTP Status Code 200, OK",
                    DateTimeOffset.UtcNow))]));

        public Task<IReadOnlyList<WeightedRecord>> GetWeightedRecordsAsync(string hostedZoneId, string recordName, CancellationToken ct = default) =>
            Task.FromResult<IReadOnlyList<WeightedRecord>>([new("us-east-1", 128, "hc-1", "CNAME", 60, ["a"]),
                new("us-east-2", 128, "hc-2", "CNAME", 60, ["b"])]);

        public Task<RecordChange> SetWeightsAsync(string hostedZoneId, string recordName, IReadOnlyList<WeightedRecord> records, string comment,
            CancellationToken ct = default) => throw new NotSupportedException();

        public Task<RecordChange> GetChangeAsync(string changeId, CancellationToken ct = default) => throw new NotSupportedException();

        Task<GlobalTableState> IGlobalTable.DescribeAsync(string region, string tableName, CancellationToken ct)
        {
            Check(region);
            var other = region == "us-east-1" ? "us-east-2" : "us-east-1";
            return Task.FromResult(new GlobalTableState(tableName, "ACTIVE", [new ReplicaState(other, ReplicaStatus.Active, "ACTIVE")]));
        }

        public Task<IReadOnlyList<MetricSeries>> GetMetricDataAsync(string region, IReadOnlyList<MetricQuery> queries, DateTimeOffset start, DateTimeOffset end,
            CancellationToken ct = default)
        {
            lock (MetricRequests) MetricRequests.Add((region, queries, start, end));
            // The last complete minute, then the current one still filling (a third of its requests so far).
            double Value(MetricQuery q) => q.MetricName switch
            {
                "Requests" => 600,
                "5xxStatusResponses" => 6,
                "ReplicationLatency" when q.Stat == "p99" => 1900,
                "ReplicationLatency" => 700,
                _ => 1,
            };
            double Partial(MetricQuery q) => q.Stat == "Sum" ? Value(q) / 3 : Value(q);
            return Task.FromResult<IReadOnlyList<MetricSeries>>([.. queries.Select(q => new MetricSeries(q.Id,
                [new MetricPoint(end.AddMinutes(-2), Value(q)), new MetricPoint(end.AddMinutes(-1), Partial(q))], true))]);
        }

        public Task<ProbeResult> ProbeAsync(string serviceUrl, CancellationToken ct = default) =>
            Task.FromResult(new ProbeResult($"https://{serviceUrl}/health", 200, 4, "HTTP 200 OK"));
    }
}
