using System.Text.Json;
using Portal.Core.Health;
using Portal.Core.Services;
using Portal.Core.Status;
using Portal.Core.Tables;
using Portal.Core.Topology;
using Portal.Core.Traffic;
using Portal.Data.Postgres;

namespace Portal.Tests.Data;

/// <summary>The cluster's collector lease and shared snapshots on PostgreSQL, each database handle standing for one portal process.</summary>
public sealed class CollectorShareTests : DataTests<PostgresTestDatabase>
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task One_instance_holds_the_lease_the_other_is_told_who_and_takes_it_once_released()
    {
        var a = new PostgresCollectorLease(Database.Open());
        var b = new PostgresCollectorLease(Database.Open());

        var first = await a.TryHoldAsync("portal-a", Long);
        var refused = await b.TryHoldAsync("portal-b", Long);
        var renewed = await a.TryHoldAsync("portal-a", Long);
        await a.ReleaseAsync("portal-a");
        var taken = await b.TryHoldAsync("portal-b", Long);

        Assert.Equal(new LeaseAnswer(true, "portal-a", 1), first);
        Assert.Equal(new LeaseAnswer(false, "portal-a", 1), refused);
        Assert.Equal(new LeaseAnswer(true, "portal-a", 1), renewed);
        Assert.Equal(new LeaseAnswer(true, "portal-b", 2), taken);
        Assert.False((await a.TryHoldAsync("portal-a", Long)).Held);
    }

    [Fact]
    public async Task A_lease_not_renewed_expires_on_the_database_clock_and_another_instance_takes_it()
    {
        var a = new PostgresCollectorLease(Database.Open());
        var b = new PostgresCollectorLease(Database.Open());
        await a.TryHoldAsync("portal-a", TimeSpan.FromMilliseconds(200));

        var (answer, taken) = await Eventually.ValueAsync(() => b.TryHoldAsync("portal-b", Long), x => x.Held);

        Assert.True(taken, $"portal-b never took the lease: {answer}");
        Assert.Equal(2, answer.Generation);
    }

    [Fact]
    public async Task A_former_collectors_publish_is_refused_once_the_lease_changed_hands()
    {
        var database = Database.Open();
        var lease = new PostgresCollectorLease(database);
        var share = new PostgresStatusShare(database);
        var a = await lease.TryHoldAsync("portal-a", Long);
        await lease.ReleaseAsync("portal-a");
        var b = await lease.TryHoldAsync("portal-b", Long);

        var late = await share.PublishAsync(Snapshot("portal-a", []), "portal-a", a.Generation);
        var current = await share.PublishAsync(Snapshot("portal-b", []), "portal-b", b.Generation);

        Assert.Null(late);
        Assert.Equal(1, current);
        Assert.Equal("portal-b", (await share.ReadSinceAsync(0))!.CollectedBy);
    }

    [Fact]
    public async Task The_collectors_throttling_lines_reach_the_other_instances_and_clear_with_the_next_publish()
    {
        var database = Database.Open();
        var lease = new PostgresCollectorLease(database);
        var share = new PostgresStatusShare(database);
        var held = await lease.TryHoldAsync("portal-a", Long);
        const string line = "App Runner in us-east-1 throttled 2 calls in the last 10 min; calls slowed to 2.5/s of its 5/s budget, recovering";

        await share.PublishAsync(Snapshot("portal-a", []) with { Throttling = [line] }, "portal-a", held.Generation);
        var throttled = await share.ReadSinceAsync(0);
        await share.PublishAsync(Snapshot("portal-a", []), "portal-a", held.Generation);
        var calm = await share.ReadSinceAsync(throttled!.Version);

        Assert.Equal([line], throttled.Throttling);
        Assert.Empty(calm!.Throttling);
    }

    [Fact]
    public async Task Another_instance_reads_every_fact_back_and_only_the_chart_points_newer_than_its_version()
    {
        var lease = new PostgresCollectorLease(Database.Open());
        var publisher = new PostgresStatusShare(Database.Open());
        var follower = new PostgresStatusShare(Database.Open());
        var held = await lease.TryHoldAsync("portal-a", Long);
        var minute = Clock.Now.AddTicks(-(Clock.Now.Ticks % TimeSpan.TicksPerMinute));

        var first = Snapshot("portal-a", [Change(minute, 100), Change(minute.AddMinutes(1), 40)]);
        await publisher.PublishAsync(first, "portal-a", held.Generation);
        var second = Snapshot("portal-a", [Change(minute.AddMinutes(1), 120), Change(minute, null)]);
        await publisher.PublishAsync(second, "portal-a", held.Generation);

        var all = await follower.ReadSinceAsync(0);
        var since1 = await follower.ReadSinceAsync(1);

        Assert.NotNull(all);
        Assert.Equal(2, all.Version);
        Assert.Equal(Clock.Now, all.PublishedAt);
        // Records with lists compare by reference: the JSON says whether every field came back.
        Assert.Equal(JsonSerializer.Serialize(second.Regions), JsonSerializer.Serialize(all.Regions));
        Assert.Equal(second.Regions[0].Status.Topology, all.Regions![0].Status.Topology);
        Assert.Equal([Change(minute, null), Change(minute.AddMinutes(1), 120)], all.MetricChanges.OrderBy(c => c.At));
        Assert.Equal([Change(minute, null), Change(minute.AddMinutes(1), 120)], since1!.MetricChanges.OrderBy(c => c.At));
        Assert.Null(await follower.ReadSinceAsync(2));
    }

    [Fact]
    public async Task A_publish_wakes_an_instance_waiting_for_one()
    {
        var lease = new PostgresCollectorLease(Database.Open());
        var publisher = new PostgresStatusShare(Database.Open());
        await using var follower = new PostgresStatusShare(Database.Open());
        var held = await lease.TryHoldAsync("portal-a", Long);
        // The first wait starts listening; a publish before that would not be announced to it.
        await follower.WaitForPublishAsync(TimeSpan.FromMilliseconds(1));

        var woken = follower.WaitForPublishAsync(Long);
        await publisher.PublishAsync(Snapshot("portal-a", []), "portal-a", held.Generation);

        // A bound for a busy machine: without the notification the wait would last five minutes.
        await woken.WaitAsync(TimeSpan.FromSeconds(20));
    }

    private MetricChange Change(DateTimeOffset at, double? value) => new("production", "us-east-1", "requests", at, value);

    private SharedSnapshot Snapshot(string collectedBy, IReadOnlyList<MetricChange> changes) => new(collectedBy, Clock.Now, [Region()], changes);

    /// <summary>A region with every read filled in, one of them failed after a success, as the collector holds it.</summary>
    private SharedRegion Region()
    {
        var at = Clock.Now;
        var topology = new RegionTopology("us-east-1", "arn:aws:apprunner:us-east-1:111122223333:service/web/0123456789abcdef0123456789abcdef", "web", "hc-1",
            "us-east-1");
        var observations = new List<CheckerObservation> { new("us-west-1", "15.177.2.1", "Success: HTTP Status Code 200, OK", at),
            new("eu-west-1", null, null, null) };
        var status = RegionStatus.Unobserved(topology) with
        {
            Service = Observed<ServiceState>.None.Succeeded(new ServiceState(topology.ServiceArn, "web", "0123456789abcdef0123456789abcdef",
                ServiceStatus.Running, "111122223333.dkr.ecr.us-east-1.amazonaws.com/web:v1", "abc.us-east-1.awsapprunner.com", at), at)
                .Failed("ThrottlingException: Rate exceeded", at.AddSeconds(10)),
            Operations = Observed<IReadOnlyList<ServiceOperation>>.None.Succeeded([new("op-1", OperationType.UpdateService, OperationStatus.Succeeded,
                at.AddHours(-1), at.AddMinutes(-55), null)], at),
            HealthCheck = Observed<HealthCheckStatus>.None.Succeeded(new HealthCheckStatus("hc-1", observations), at),
            Record = Observed<WeightedRecord>.None.Succeeded(new WeightedRecord("us-east-1", 128, "hc-1", "CNAME", 60, ["abc.us-east-1.awsapprunner.com"]), at),
            Probe = Observed<ProbeResult>.None.Succeeded(new ProbeResult("https://abc/health", 200, 12.5, "HTTP 200 OK (region us-east-1)"), at),
            Replica = Observed<ReplicaState>.None.Succeeded(new ReplicaState("us-east-1", ReplicaStatus.Active, "ACTIVE"), at),
            Lag = Observed<IReadOnlyList<ReplicationLag>>.None.Succeeded([new ReplicationLag("us-east-2", 700, 1900)], at),
            Metrics = Observed<MetricsSummary>.None.Succeeded(new MetricsSummary(at, 600, 0.01, 0.002, 40, 180, 2, 35.5, 60), at),
            TrafficShare = 0.5,
            Verdict = new RegionVerdict(VerdictLevel.Stale, "App Runner's API is failing.", ["a note"]),
        };
        return new SharedRegion("production", status with { Stale = Staleness.Of(status, at.AddSeconds(10),
            new VerdictThresholds(TimeSpan.FromSeconds(35), 0.05, TimeSpan.FromSeconds(95), TimeSpan.FromSeconds(10))) },
            new HealthSample(at, observations));
    }
}
