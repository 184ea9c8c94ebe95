using Portal.LocalCloud.World;

namespace Portal.LocalCloud.Tests.Route53;

/// <summary>Checkers really probe the service endpoints: what a paused, broken or unreachable service looks like to Route 53.</summary>
public sealed class HealthCheckerTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private LocalCloudHost _cloud = null!;

    public async Task InitializeAsync() => _cloud = await TestCloud.StartAsync();

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    [Fact]
    public async Task A_paused_service_fails_its_health_check_after_the_failure_threshold_and_recovers_on_resume()
    {
        var region = _cloud.Production().Regions[1];

        _cloud.SetStatus(region, ServiceStatus.Paused);

        // The check turns unhealthy once no more than 18% of checkers (2 of 16) still see success; the rest follow.
        Assert.True(await TestCloud.Eventually(() => !_cloud.IsHealthy(region), Patience));
        Assert.True(await TestCloud.Eventually(() => _cloud.Checkers(region).All(c => !c.ConsidersHealthy), Patience));
        Assert.Contains(_cloud.Checkers(region), c => c.Status == "Failure: HTTP Status Code 503, Service Unavailable");
        Assert.True(_cloud.IsHealthy(_cloud.Production().Regions[0]));

        _cloud.SetStatus(region, ServiceStatus.Running);

        Assert.True(await TestCloud.Eventually(() => _cloud.IsHealthy(region) && _cloud.Checkers(region).All(c => c.ConsidersHealthy), Patience));
    }

    [Fact]
    public async Task A_broken_image_shows_failing_checkers_in_get_health_check_status()
    {
        var region = _cloud.Production().Regions[0];
        lock (_cloud.World.Gate)
        {
            var service = _cloud.ServiceOf(region);
            service.ImageIdentifier = service.ImageIdentifier[..service.ImageIdentifier.LastIndexOf(':')] + ":v3-broken";
        }

        Assert.True(await TestCloud.Eventually(() => _cloud.Checkers(region).All(c => !c.ConsidersHealthy), Patience));
        var result = await AwsCli.RunAsync(_cloud, "us-east-1", "route53", "get-health-check-status", "--health-check-id", region.HealthCheckId);

        Assert.True(result.ExitCode == 0, result.Stderr);
        var statuses = result.Json.GetProperty("HealthCheckObservations").EnumerateArray()
            .Select(o => o.GetProperty("StatusReport").GetProperty("Status").GetString()).ToList();
        Assert.Equal(16, statuses.Count);
        Assert.All(statuses, s => Assert.Equal("Failure: HTTP Status Code 500, Internal Server Error", s));
        Assert.False(_cloud.IsHealthy(region));
    }

    [Fact]
    public async Task A_region_outage_shows_as_connection_failures_and_an_unhealthy_check()
    {
        var region = _cloud.Production().Regions[1];

        _cloud.Faults.SetRegionDown(region.Region, true);

        Assert.True(await TestCloud.Eventually(() => !_cloud.IsHealthy(region), Patience));
        Assert.Contains(_cloud.Checkers(region), c => c.Status.StartsWith("Failure: Connection", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Checkers_stagger_their_probes_instead_of_firing_together()
    {
        var region = _cloud.Production().Regions[0];
        var start = DateTimeOffset.UtcNow;
        Assert.True(await TestCloud.Eventually(() => _cloud.Checkers(region).All(c => c.CheckedTime > start), Patience));

        var distinctTimes = _cloud.Checkers(region).Select(c => c.CheckedTime).Distinct().Count();

        Assert.True(distinctTimes > 8, $"16 checkers probed at only {distinctTimes} distinct instants");
    }
}
