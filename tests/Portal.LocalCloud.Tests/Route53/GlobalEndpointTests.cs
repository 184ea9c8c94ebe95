using Microsoft.Extensions.DependencyInjection;
using Portal.LocalCloud.Route53;
using Portal.LocalCloud.World;

namespace Portal.LocalCloud.Tests.Route53;

/// <summary>The weighted global endpoint routes real requests by the current weights and health checks.</summary>
public sealed class GlobalEndpointTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private LocalCloudHost _cloud = null!;

    public async Task InitializeAsync() => _cloud = await TestCloud.StartAsync();

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    [Fact]
    public async Task With_seeded_weights_both_regions_answer_and_the_region_header_comes_through()
    {
        var env = _cloud.Production();

        var served = await _cloud.SendThroughGlobalEndpoint(env, 100);

        Assert.Equal(100, env.Regions.Sum(r => served.GetValueOrDefault(r.Region)));
        Assert.All(env.Regions, r => Assert.True(served.GetValueOrDefault(r.Region) > 0, $"{r.Region} served nothing: {string.Join(", ", served)}"));
    }

    [Fact]
    public async Task When_a_service_is_paused_everything_goes_to_the_other_region_and_resume_restores_the_split()
    {
        var env = _cloud.Production();
        var (healthy, paused) = (env.Regions[0], env.Regions[1]);

        _cloud.SetStatus(paused, ServiceStatus.Paused);
        Assert.True(await TestCloud.Eventually(() => !_cloud.IsHealthy(paused), Patience));
        var whilePaused = await _cloud.SendThroughGlobalEndpoint(env, 100);

        Assert.Equal(100, whilePaused.GetValueOrDefault(healthy.Region));

        _cloud.SetStatus(paused, ServiceStatus.Running);
        Assert.True(await TestCloud.Eventually(() => _cloud.IsHealthy(paused), Patience));
        var afterResume = await _cloud.SendThroughGlobalEndpoint(env, 100);

        Assert.True(afterResume.GetValueOrDefault(paused.Region) > 0, string.Join(", ", afterResume));
    }

    [Fact]
    public async Task Weights_255_and_0_route_at_least_99_percent_of_requests_to_one_region()
    {
        var env = _cloud.Production();
        _cloud.SetWeights(env, 255, 0);

        var served = await _cloud.SendThroughGlobalEndpoint(env, 300);

        Assert.True(served.GetValueOrDefault(env.Regions[0].Region) >= 297, string.Join(", ", served));
    }

    [Fact]
    public async Task A_zero_weight_record_takes_all_traffic_once_the_non_zero_one_is_unhealthy()
    {
        var env = _cloud.Production();
        _cloud.SetWeights(env, 255, 0);

        _cloud.SetStatus(env.Regions[0], ServiceStatus.Paused);
        Assert.True(await TestCloud.Eventually(() => !_cloud.IsHealthy(env.Regions[0]), Patience));
        var served = await _cloud.SendThroughGlobalEndpoint(env, 100);

        Assert.Equal(100, served.GetValueOrDefault(env.Regions[1].Region));
    }

    [Fact]
    public async Task All_zero_weights_split_evenly_within_ten_points()
    {
        // 600 requests at p = 0.5: one standard deviation is about 2 points, so 40-60% is a five-sigma band.
        var env = _cloud.Production();
        _cloud.SetWeights(env, 0, 0);

        var served = await _cloud.SendThroughGlobalEndpoint(env, 600);

        Assert.All(env.Regions, r => Assert.InRange(served.GetValueOrDefault(r.Region), 240, 360));
    }

    [Fact]
    public void Routing_shares_report_what_the_endpoint_does()
    {
        var env = _cloud.Production();
        var endpoint = _cloud.Services.GetRequiredService<GlobalEndpoint>();
        _cloud.SetWeights(env, 192, 64);

        var shares = endpoint.RoutingShares(env);

        Assert.Equal(0.75, shares[env.Regions[0].SetIdentifier], 6);
        Assert.Equal(0.25, shares[env.Regions[1].SetIdentifier], 6);
    }
}
