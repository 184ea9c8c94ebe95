using Microsoft.Extensions.DependencyInjection;
using Portal.LocalCloud.AppRunner;
using Portal.LocalCloud.CloudWatch;
using Portal.LocalCloud.World;
using static Portal.LocalCloud.Tests.CloudWatch.CloudWatchCli;

namespace Portal.LocalCloud.Tests.CloudWatch;

/// <summary>The simulations behind the metrics: traffic, App Runner gauges and DynamoDB replication latency.</summary>
public class SimulationTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static TrafficGenerator Traffic(LocalCloudHost cloud) => cloud.Services.GetServices<ISimulation>().OfType<TrafficGenerator>().Single();

    [Fact]
    public async Task Traffic_generator_sends_requests_to_every_global_endpoint_and_stops_with_LocalCloud()
    {
        var cloud = await TestCloud.StartAsync(trafficRate: 40);
        var traffic = Traffic(cloud);
        try
        {
            Assert.True(await TestCloud.Eventually(() => traffic.Completed >= 40, Patience),
                $"sent {traffic.Sent}, completed {traffic.Completed}, failed {traffic.Failed}");
            Assert.InRange(traffic.InFlight, 0, TrafficGenerator.MaxInFlight);
        }
        finally
        {
            await cloud.DisposeAsync();
        }
        var sent = traffic.Sent;
        await Task.Delay(200);
        Assert.Equal(sent, traffic.Sent);
        Assert.Equal(0, traffic.InFlight);
    }

    [Fact]
    public async Task Traffic_generator_is_off_at_rate_zero()
    {
        await using var cloud = await TestCloud.StartAsync(trafficRate: 0);
        await Task.Delay(200);
        Assert.Equal(0, Traffic(cloud).Sent);
    }

    [Fact]
    public async Task Sampler_reports_instances_utilization_and_concurrency_and_no_instances_while_paused()
    {
        await using var cloud = await TestCloud.StartAsync();
        var running = Service(cloud, "production", "us-east-1");
        var paused = Service(cloud, "staging", "us-east-2");
        lock (cloud.World.Gate) paused.Status = ServiceStatus.Paused;

        // Bursts of concurrent requests, until a sample catches some of them in flight.
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var sawConcurrency = false;
        for (var burst = 0; burst < 30 && !sawConcurrency; burst++)
        {
            await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.GetStringAsync($"http://{running.ServiceUrl}/api/items")));
            sawConcurrency = StoreValue(cloud, ServiceMetrics.Key(running, "Concurrency"), "Maximum") > 0;
        }
        Assert.True(sawConcurrency);

        Assert.True(await TestCloud.Eventually(() =>
            StoreValue(cloud, ServiceMetrics.Key(running, "CPUUtilization"), "SampleCount") > 0
            && StoreValue(cloud, ServiceMetrics.Key(paused, "ActiveInstances"), "SampleCount") > 0, Patience));
        Assert.Equal(running.MinSize, StoreValue(cloud, ServiceMetrics.Key(running, "ActiveInstances"), "Minimum"));
        Assert.InRange(StoreValue(cloud, ServiceMetrics.Key(running, "CPUUtilization"), "Maximum"), 0.5, 100);
        Assert.InRange(StoreValue(cloud, ServiceMetrics.Key(running, "MemoryUtilization"), "Average"), 1, 100);
        Assert.Equal(0, StoreValue(cloud, ServiceMetrics.Key(paused, "ActiveInstances"), "Maximum", empty: -1));
        Assert.Equal(0, StoreValue(cloud, ServiceMetrics.Key(paused, "CPUUtilization"), "SampleCount"));

        var result = await GetMetricData(cloud, "us-east-1", [
            ServiceQuery("instances", running, "ActiveInstances", "Maximum", 3600),
            ServiceQuery("cpu", running, "CPUUtilization", "Average", 3600),
        ]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.InRange(Assert.Single(ValuesOf(result, "instances")), 1, running.MaxSize);
        Assert.InRange(Assert.Single(ValuesOf(result, "cpu")), 0.5, 100);
    }

    [Fact]
    public async Task Replication_latency_is_emitted_in_the_source_region_for_both_directions()
    {
        await using var cloud = await TestCloud.StartAsync();
        var east1To2 = ReplicationLatencySimulator.Key("us-east-1", "webapp-production", "us-east-2");
        var east2To1 = ReplicationLatencySimulator.Key("us-east-2", "webapp-production", "us-east-1");
        Assert.True(await TestCloud.Eventually(() => StoreValue(cloud, east1To2, "SampleCount") >= 30 && StoreValue(cloud, east2To1, "SampleCount") >= 30,
            Patience));
        Assert.InRange(StoreValue(cloud, east1To2, "p50"), 300, 1500);
        Assert.Equal(0, StoreValue(cloud, ReplicationLatencySimulator.Key("us-east-1", "webapp-production", "us-east-1"), "SampleCount"));

        object[] queries = [
            Query("outbound", "AWS/DynamoDB", "ReplicationLatency", "Average",
                [new Dimension("TableName", "webapp-production"), new Dimension("ReceivingRegion", "us-east-2")], 3600),
            Query("inbound", "AWS/DynamoDB", "ReplicationLatency", "Average",
                [new Dimension("TableName", "webapp-production"), new Dimension("ReceivingRegion", "us-east-1")], 3600),
        ];
        var east1 = await GetMetricData(cloud, "us-east-1", queries);
        Assert.True(east1.ExitCode == 0, east1.Stderr);
        Assert.InRange(Assert.Single(ValuesOf(east1, "outbound")), 200, 3000);
        Assert.Empty(ValuesOf(east1, "inbound")); // us-east-1 is not the source of that direction
        var east2 = await GetMetricData(cloud, "us-east-2", queries);
        Assert.True(east2.ExitCode == 0, east2.Stderr);
        Assert.InRange(Assert.Single(ValuesOf(east2, "inbound")), 200, 3000);
    }

    [Fact]
    public async Task Replication_latency_rises_under_a_lag_spike_and_stops_while_a_region_is_down()
    {
        await using var cloud = await TestCloud.StartAsync();
        var key = ReplicationLatencySimulator.Key("us-east-1", "webapp-staging", "us-east-2");
        Assert.True(await TestCloud.Eventually(() => StoreValue(cloud, key, "SampleCount") >= 10, Patience));
        Assert.True(StoreValue(cloud, key, "Maximum") < 10_000);

        cloud.Faults.SpikeReplicationLag(20, TimeSpan.FromMinutes(5));
        Assert.True(await TestCloud.Eventually(() => StoreValue(cloud, key, "Maximum") > 10_000, Patience));
        var result = await GetMetricData(cloud, "us-east-1", [
            Query("lag", "AWS/DynamoDB", "ReplicationLatency", "Maximum",
                [new Dimension("TableName", "webapp-staging"), new Dimension("ReceivingRegion", "us-east-2")], 3600),
        ]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.True(Assert.Single(ValuesOf(result, "lag")) > 10_000);

        cloud.Faults.Clear();
        cloud.Faults.SetRegionDown("us-east-2", true);
        var otherDirection = ReplicationLatencySimulator.Key("us-east-2", "webapp-staging", "us-east-1");
        await Task.Delay(100); // let a tick that began before the outage finish
        var before = (StoreValue(cloud, key, "SampleCount"), StoreValue(cloud, otherDirection, "SampleCount"));
        await Task.Delay(300);
        Assert.Equal(before, (StoreValue(cloud, key, "SampleCount"), StoreValue(cloud, otherDirection, "SampleCount")));
    }

    [Fact]
    public async Task A_slow_image_answers_its_pages_later_by_the_latency_in_its_tag_but_not_its_health_route()
    {
        await using var cloud = await TestCloud.StartAsync();
        var service = Service(cloud, "production", "us-east-1");
        lock (cloud.World.Gate) service.ImageIdentifier = service.ImageIdentifier.Replace(":v1", ":v3-slow-300ms");

        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        for (var i = 0; i < 3; i++) await client.GetStringAsync($"http://{service.ServiceUrl}/api/items");

        // The pages took at least the 300 ms the tag names (a floor, whatever the machine's speed); a v1 page stays under
        // 300 ms unless its lognormal draw is 4.5 sigma out. The checkers' fast /health requests count too, so not the minimum.
        Assert.True(StoreValue(cloud, ServiceMetrics.Key(service, "RequestLatency"), "Maximum") >= 300);
        Assert.Equal(TimeSpan.FromMilliseconds(300), SimulatedWebApp.AddedLatency(service.ImageIdentifier));
        Assert.Equal(TimeSpan.Zero, SimulatedWebApp.AddedLatency("123456789012.dkr.ecr.us-east-1.amazonaws.com/webapp:v2"));
        Assert.Equal(200, (int)(await client.GetAsync($"http://{service.ServiceUrl}{AppRunnerService.HealthPath}")).StatusCode);
    }
}
