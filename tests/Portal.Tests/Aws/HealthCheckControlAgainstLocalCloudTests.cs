using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Health;

namespace Portal.Tests.Aws;

/// <summary>The drill's health-check inversion through the Route 53 adapter against LocalCloud (UpdateHealthCheck, GetHealthCheck).</summary>
public class HealthCheckControlAgainstLocalCloudTests
{
    [Fact]
    public async Task Inverting_reads_back_and_route_53_then_treats_the_region_as_unhealthy_until_it_is_undone()
    {
        await using var cloud = await LocalCloud.LocalCloudHost.StartAsync(new LocalCloud.LocalCloudOptions { Port = 0, TimeScale = 0.005,
            TrafficRatePerSecond = 0 });
        using var adapters = AdapterHarness.Build(cloud);
        var control = adapters.GetRequiredService<IHealthCheckControl>();
        var region = cloud.World.Environments.Single(e => e.Name == "staging").Regions[1];
        var check = cloud.World.HealthChecks.Single(h => h.Id == region.HealthCheckId);

        Assert.False(await control.IsInvertedAsync(region.HealthCheckId));
        await control.SetInvertedAsync(region.HealthCheckId, true);

        Assert.True(await control.IsInvertedAsync(region.HealthCheckId));
        lock (cloud.World.Gate) Assert.False(check.IsHealthy);

        await control.SetInvertedAsync(region.HealthCheckId, false);
        Assert.False(await control.IsInvertedAsync(region.HealthCheckId));
        lock (cloud.World.Gate) Assert.True(check.IsHealthy);
    }
}
