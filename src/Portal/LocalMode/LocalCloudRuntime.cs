using Portal.Aws;
using Portal.Core.Topology;
using Portal.LocalCloud;
using Portal.LocalCloud.World;
using Portal.Topology;

namespace Portal.LocalMode;

/// <summary>
/// Local mode's LocalCloud: started with the host (hosted services start before Kestrel serves the first
/// request), then every AWS client is pointed at it and the topology is taken from its seeded world. Its options are
/// read only when it starts, after start-up validation has listed every options type's problems together.
/// </summary>
public sealed class LocalCloudRuntime(
    Microsoft.Extensions.Options.IOptions<LocalCloudOptions> options,
    AwsEndpointResolver endpoints,
    TopologySource topology,
    ILoggerFactory loggerFactory,
    SharedLocalCloud? shared = null) : IHostedService, IAsyncDisposable
{
    private LocalCloudHost? _host;

    /// <summary>The running LocalCloud; tests reach its world and fault injection through it.</summary>
    public LocalCloudHost Host => _host ?? throw new InvalidOperationException("LocalCloud has not started yet.");

    public Uri? Endpoint => _host?.Endpoint;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _host = shared?.Host ?? await LocalCloudHost.StartAsync(options.Value, new PrefixedLoggerFactory(loggerFactory), ct: cancellationToken);
        endpoints.UseForEveryService(_host.Endpoint);
        topology.UseLocalCloud(ToTopology(_host.World));
        loggerFactory.CreateLogger<LocalCloudRuntime>().LogInformation("Local mode: LocalCloud at {Endpoint}", _host.Endpoint);
    }

    public static PortalTopology ToTopology(CloudWorld world)
    {
        lock (world.Gate)
            return new PortalTopology([.. world.Environments.Select(e => new EnvironmentTopology(
                e.Name, e.Protected, e.HostedZoneId, e.RecordName, e.TableName,
                [.. e.Regions.Select(ToRegion)])
            {
                Application = e.Application,
                RoleArn = e.RoleArn,
                ExternalId = e.ExternalId,
            })]);
    }

    // A region Express serves is an ECS Express region; one with Express beside App Runner is an App Runner region
    // that can migrate.
    private static RegionTopology ToRegion(SeededRegion r)
    {
        var appRunner = new RegionTopology(r.Region, r.ServiceArn, r.EcrRepository, r.HealthCheckId, r.SetIdentifier);
        if (r.Express is not { } x) return appRunner;
        var target = new ExpressTarget(x.ServiceArn, x.HealthCheckId, x.SetIdentifier, x.LoadBalancer, x.TargetGroup);
        return x.Serves ? target.AsRegion(appRunner) : appRunner with { Express = target };
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        var host = Interlocked.Exchange(ref _host, null);
        if (host is not null && shared is null) await host.DisposeAsync();
    }
}

/// <summary>
/// A LocalCloud that outlives the portal: registered, local mode uses it instead of starting its own and leaves it
/// running on shutdown. Restart tests use it, so the simulated regions keep their state across a portal restart.
/// </summary>
public sealed record SharedLocalCloud(LocalCloudHost Host);

/// <summary>LocalCloud's logs under "LocalCloud.*", so the portal's logging settings can quieten the emulator apart from the portal.</summary>
internal sealed class PrefixedLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => inner.CreateLogger("LocalCloud." + categoryName);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    // The portal owns the inner factory.
    public void Dispose() { }
}
