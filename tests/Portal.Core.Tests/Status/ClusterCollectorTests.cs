using Portal.Core.Status;
using Portal.Core.Topology;

namespace Portal.Core.Tests.Status;

/// <summary>One collector per cluster: two instances on one in-memory lease and share, on a clock the test moves.</summary>
public sealed class ClusterCollectorTests
{
    private const string Arn1 = "arn:aws:apprunner:us-east-1:111122223333:service/web/0123456789abcdef0123456789abcdef";
    private const string Arn2 = "arn:aws:apprunner:us-east-2:111122223333:service/web/fedcba9876543210fedcba9876543210";

    private static readonly EnvironmentTopology Env = new("production", true, "Z1", "app.example.com.", "web",
        [new("us-east-1", Arn1, "web", "hc-1", "us-east-1"), new("us-east-2", Arn2, "web", "hc-2", "us-east-2")]);

    private static readonly LeadershipSettings Lease = new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(3));
    private static readonly VerdictThresholds Thresholds = new(TimeSpan.FromSeconds(35), 0.05, TimeSpan.FromSeconds(95), TimeSpan.FromSeconds(10));

    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryCluster _database;
    private readonly Instance _a;
    private readonly Instance _b;

    public ClusterCollectorTests()
    {
        _database = new InMemoryCluster(_clock);
        _a = new Instance("portal-a", _database, _clock);
        _b = new Instance("portal-b", _database, _clock);
    }

    private sealed class Instance
    {
        public Instance(string name, InMemoryCluster database, TimeProvider clock, double healthCheckStatusPerSecond = 1000)
        {
            Throttles = new ThrottleFeedback(clock);
            var collector = new StatusCollector(() => new PortalTopology([Env]), Aws, Aws, Aws, Aws, Aws, Aws, Board, new CollectorSettings(Thresholds, 20),
                clock);
            // Budgets far above what two environments need: these tests are about who reads, not how much.
            var buckets = new BudgetBuckets([.. new[] { CollectorApis.HealthCheckStatus, CollectorApis.Route53, CollectorApis.AppRunner, CollectorApis.DynamoDb,
                CollectorApis.CloudWatch }
                .Select(api => api == CollectorApis.HealthCheckStatus && healthCheckStatusPerSecond < 1
                    ? new ApiBudget(api, healthCheckStatusPerSecond, 2, false)
                    : new ApiBudget(api, 1000, 1000, false))], clock, Throttles);
            var schedule = new ReadSchedule(new ReadPlanner(buckets, TimeSpan.FromSeconds(10), clock), buckets, new ViewedEnvironments(clock), _
                => Task.FromResult<IReadOnlySet<string>>(new HashSet<string>()));
            Cluster = new ClusterCollector(collector, new CollectorLeadership(database, name, Lease, clock), database, schedule, TimeSpan.FromSeconds(10),
                clock);
        }

        /// <summary>What the portal's loops do on each tick: read as the collector, follow as another instance.</summary>
        public async Task TickAsync()
        {
            await Cluster.RefreshStateAsync(CancellationToken.None);
            await Cluster.RefreshMetricsAsync(CancellationToken.None);
            await Cluster.FollowAsync(CancellationToken.None);
        }

        public StatusFakes Aws { get; } = new();

        /// <summary>Where this instance's AWS adapters report throttled answers (only the collector makes any).</summary>
        public ThrottleFeedback Throttles { get; }

        public StatusBoard Board { get; } = new();

        public ClusterCollector Cluster { get; }

        public bool IsLeader => Cluster.Leadership.IsLeader;

        public RegionStatus Region(string region) => Board.Find("production")!.Regions.Single(r => r.Region == region);
    }

    [Fact]
    public async Task Only_the_lease_holder_reads_AWS_and_the_other_instance_serves_its_facts_and_charts()
    {
        await _a.Cluster.RenewAsync(CancellationToken.None);
        await _b.Cluster.RenewAsync(CancellationToken.None);

        await _a.TickAsync();
        await _b.TickAsync();

        Assert.True(_a.Aws.Reads > 0);
        Assert.Equal(0, _b.Aws.Reads);
        Assert.Equal(_a.Region("us-east-2").Service.Value, _b.Region("us-east-2").Service.Value);
        Assert.Equal(_a.Region("us-east-1").Service.ObservedAt, _b.Region("us-east-1").Service.ObservedAt);
        Assert.Equal(VerdictLevel.Healthy, _b.Region("us-east-1").Verdict.Level);
        Assert.Equal(_a.Board.Metrics.Latest("production", "us-east-1", "requests"), _b.Board.Metrics.Latest("production", "us-east-1", "requests"));
        Assert.NotNull(_b.Board.Metrics.Latest("production", "us-east-1", "requests"));
        Assert.Single(_b.Board.Health.Read("production", "us-east-2"));
        Assert.Equal("collected by portal-a", _b.Board.Collector.Describe());
        Assert.Equal("collected by portal-a (this instance)", _a.Board.Collector.Describe());
    }

    [Fact]
    public async Task The_other_instance_shows_the_collectors_throttling_lines_though_it_makes_no_AWS_calls()
    {
        await _a.Cluster.RenewAsync(CancellationToken.None);
        await _b.Cluster.RenewAsync(CancellationToken.None);
        _a.Throttles.Throttled(CollectorApis.AppRunner, "us-east-1");

        await _a.TickAsync();
        await _b.TickAsync();

        var line = Assert.Single(_a.Board.Collector.Throttling ?? []);
        Assert.Contains("throttled 1 call in the last 10 min", line);
        Assert.Equal([line], _b.Board.Collector.Throttling);
        Assert.Empty(_b.Throttles.Recent());
    }

    [Fact]
    public async Task Chart_points_go_to_the_other_instance_once_each()
    {
        await _a.Cluster.RenewAsync(CancellationToken.None);
        await _a.Cluster.RefreshMetricsAsync(CancellationToken.None);
        var first = _database.Published[^1].MetricChanges.Count;

        await _a.Cluster.RefreshMetricsAsync(CancellationToken.None);

        Assert.True(first > 0);
        // The same minutes read again with the same values: nothing new to hand over.
        Assert.Empty(_database.Published[^1].MetricChanges);
    }

    [Fact]
    public async Task When_the_collector_dies_another_instance_takes_over_within_the_lease_and_one_renew_interval()
    {
        await _a.Cluster.RenewAsync(CancellationToken.None);
        await _b.Cluster.RenewAsync(CancellationToken.None);
        await _a.TickAsync();
        await _b.TickAsync();
        var lastRead = _b.Region("us-east-1").Service.ObservedAt;
        var died = _clock.GetUtcNow();

        // portal-a is gone: it renews nothing more; portal-b tries at every renew interval.
        while (!_b.IsLeader)
        {
            _clock.Advance(Lease.RenewInterval);
            await _b.Cluster.RenewAsync(CancellationToken.None);
            Assert.True(_clock.GetUtcNow() - died <= Lease.LeaseDuration + Lease.RenewInterval, "portal-b did not take over in time");
        }
        Assert.Equal(0, _b.Aws.Reads);
        Assert.Equal(lastRead, _b.Region("us-east-1").Service.ObservedAt);

        await _b.Cluster.RefreshStateAsync(CancellationToken.None);

        Assert.True(_b.Aws.Reads > 0);
        Assert.True(_b.Region("us-east-1").Service.ObservedAt > lastRead);
        Assert.Equal("collected by portal-b (this instance)", _b.Board.Collector.Describe());
    }

    [Fact]
    public async Task A_partitioned_collector_stops_reading_AWS_when_its_term_ends_before_another_can_take_over()
    {
        await _a.Cluster.RenewAsync(CancellationToken.None);
        await _a.Cluster.RefreshStateAsync(CancellationToken.None);
        _database.Unreachable.Add("portal-a");

        for (var elapsed = TimeSpan.Zero; elapsed <= Lease.LeaseDuration * 2; elapsed += TimeSpan.FromSeconds(1))
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            await _a.Cluster.RenewAsync(CancellationToken.None);
            await _b.Cluster.RenewAsync(CancellationToken.None);
            Assert.False(_a.IsLeader && _b.IsLeader, $"both instances collect {elapsed} after the partition");
        }
        Assert.False(_a.IsLeader);
        Assert.True(_b.IsLeader);
        Assert.NotNull(_a.Cluster.Leadership.LastError);

        var readsBefore = _a.Aws.Reads;
        await _a.TickAsync();
        Assert.Equal(readsBefore, _a.Aws.Reads);
    }

    [Fact]
    public async Task While_nobody_collects_the_other_instance_shows_the_facts_ageing_into_stale()
    {
        await _a.Cluster.RenewAsync(CancellationToken.None);
        await _a.Cluster.RefreshStateAsync(CancellationToken.None);
        _database.Unreachable.Add("portal-b");
        await _b.TickAsync();
        Assert.Equal(VerdictLevel.Healthy, _b.Region("us-east-1").Verdict.Level);

        _clock.Advance(TimeSpan.FromSeconds(40));
        await _b.Cluster.RenewAsync(CancellationToken.None);
        await _b.TickAsync();

        var region = _b.Region("us-east-1");
        Assert.Equal(VerdictLevel.Stale, region.Verdict.Level);
        Assert.Equal("stale: last read 40 s ago", region.StaleOf(StatusRead.AppRunner)!.Describe(_clock.GetUtcNow()));
        Assert.Equal(0, _b.Aws.Reads);
    }

    [Fact]
    public async Task A_clean_shutdown_hands_the_lease_over_at_the_next_try()
    {
        await _a.Cluster.RenewAsync(CancellationToken.None);
        await _b.Cluster.RenewAsync(CancellationToken.None);
        Assert.False(_b.IsLeader);

        await _a.Cluster.Leadership.ReleaseAsync(CancellationToken.None);
        await _b.Cluster.RenewAsync(CancellationToken.None);

        Assert.False(_a.IsLeader);
        Assert.True(_b.IsLeader);
    }

    [Fact]
    public async Task When_the_checker_budget_stretches_its_interval_the_state_is_still_read_the_board_says_so_and_CloudWatch_gives_each_region_health()
    {
        // Two health checks a round at 0.01 per second: a round of checker detail takes 200 s, not 10.
        var tight = new Instance("portal-t", _database, _clock, healthCheckStatusPerSecond: 0.01);
        await tight.Cluster.RenewAsync(CancellationToken.None);
        await tight.Cluster.RefreshStateAsync(CancellationToken.None);
        var checkerReads = tight.Aws.CheckerReads;
        var reads = tight.Aws.Reads;
        Assert.Equal(2, checkerReads);
        tight.Aws.UnhealthyChecks.Add("hc-2");

        async Task RunAsync(TimeSpan duration)
        {
            for (var elapsed = TimeSpan.Zero; elapsed < duration; elapsed += Lease.RenewInterval)
            {
                _clock.Advance(Lease.RenewInterval);
                await tight.Cluster.RenewAsync(CancellationToken.None);
                await tight.Cluster.RefreshStateAsync(CancellationToken.None);
                await tight.Cluster.RefreshHealthMetricsAsync(CancellationToken.None);
            }
        }

        await RunAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(checkerReads, tight.Aws.CheckerReads);
        Assert.True(tight.Aws.Reads > reads + 10, "the state reads stopped with the checkers' budget");
        Assert.Equal(VerdictLevel.Healthy, tight.Region("us-east-1").Verdict.Level);
        Assert.Equal(HealthSource.CloudWatch, RouteHealth.Of(tight.Region("us-east-1"), _clock.GetUtcNow(),
            Thresholds with { CheckersStaleAfter = Thresholds.StaleAfter })!.Source);
        // The checkers saw us-east-2 healthy a minute ago; CloudWatch's newer minute says it is not.
        Assert.Equal(VerdictLevel.Down, tight.Region("us-east-2").Verdict.Level);
        Assert.Contains("per CloudWatch's HealthCheckStatus", tight.Region("us-east-2").Verdict.Reason);
        Assert.Equal("collected by portal-t (this instance); Route 53 checker detail every 3 min (GetHealthCheckStatus budget), each region's health from " +
            "CloudWatch meanwhile", tight.Board.Collector.Describe());

        await RunAsync(TimeSpan.FromSeconds(150));
        Assert.True(tight.Aws.CheckerReads > checkerReads);
    }
}
