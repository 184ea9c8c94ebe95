using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Portal.LocalCloud.AppRunner;
using Portal.LocalCloud.Ecs;
using Portal.LocalCloud.Faults;
using Portal.LocalCloud.Protocol;
using Portal.LocalCloud.Route53;
using Portal.LocalCloud.World;

namespace Portal.LocalCloud;

/// <summary>
/// Two (or more) AWS regions on loopback: one API port speaking the AWS wire protocols, one real HTTP
/// endpoint per App Runner service and per ECS Express load balancer, and one weighted global endpoint per environment's record.
/// Runs standalone (Program.cs) or inside the portal in local mode.
/// </summary>
public sealed class LocalCloudHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LocalCloudHost(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    /// <summary>The API endpoint, e.g. http://127.0.0.1:4566, for --endpoint-url or AWS_ENDPOINT_URL.</summary>
    public Uri Endpoint { get; }

    public LocalCloudOptions Options => _app.Services.GetRequiredService<LocalCloudOptions>();
    public CloudWorld World => _app.Services.GetRequiredService<CloudWorld>();
    public FaultState Faults => _app.Services.GetRequiredService<FaultState>();
    public SimClock Clock => _app.Services.GetRequiredService<SimClock>();
    public IServiceProvider Services => _app.Services;

    public static async Task<LocalCloudHost> StartAsync(LocalCloudOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? time = null,
        CancellationToken ct = default)
    {
        var errors = options.Validate();
        if (errors.Count > 0) throw new ArgumentException("Invalid LocalCloud options:\n" + string.Join('\n', errors), nameof(options));

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        if (loggerFactory is not null) builder.Services.AddSingleton(loggerFactory);
        else builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddLocalCloud(options, time ?? TimeProvider.System);

        // Every listener is bound here; ports of 0 are chosen by the OS and read back after start.
        var world = Seeder.Seed(options, (time ?? TimeProvider.System).GetUtcNow());
        builder.Services.AddSingleton(world);
        var apiListener = default(ListenOptions);
        var serviceListeners = new Dictionary<AppRunnerService, ListenOptions>();
        var globalListeners = new Dictionary<SeededEnvironment, ListenOptions>();
        var expressListeners = new Dictionary<ExpressGatewayService, ListenOptions>();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(IPAddress.Loopback, options.Port, l => apiListener = l);
            foreach (var service in world.Services) k.Listen(IPAddress.Loopback, 0, l => serviceListeners[service] = l);
            foreach (var env in world.Environments) k.Listen(IPAddress.Loopback, 0, l => globalListeners[env] = l);
            foreach (var express in world.ExpressServices) k.Listen(IPAddress.Loopback, 0, l => expressListeners[express] = l);
        });

        var app = builder.Build();
        var byPort = new Dictionary<int, Func<HttpContext, Task>>();
        app.Run(http => byPort.TryGetValue(http.Connection.LocalPort, out var handler) ? handler(http) : NotFound(http));
        await app.StartAsync(ct);

        var apiPort = apiListener!.IPEndPoint!.Port;
        var dispatcher = app.Services.GetRequiredService<ApiDispatcher>();
        var faultApi = app.Services.GetRequiredService<FaultApi>();
        byPort[apiPort] = http => http.Request.Path.StartsWithSegments(FaultApi.BasePath) ? faultApi.HandleAsync(http) : dispatcher.HandleAsync(http);

        var serviceEndpoint = app.Services.GetRequiredService<ServiceEndpoint>();
        var expressEndpoint = app.Services.GetRequiredService<ExpressEndpoint>();
        lock (world.Gate)
        {
            foreach (var (express, listener) in expressListeners)
            {
                express.Port = listener.IPEndPoint!.Port;
                byPort[express.Port] = http => expressEndpoint.HandleAsync(express, http);
                world.HealthChecks.Single(c => c.Id == express.HealthCheckId).Port = express.Port;
                world.HostedZones.SelectMany(z => z.Records).Single(r => r.HealthCheckId == express.HealthCheckId).Values = [$"127.0.0.1:{express.Port}"];
            }
            foreach (var (service, listener) in serviceListeners)
            {
                service.Port = listener.IPEndPoint!.Port;
                byPort[service.Port] = http => serviceEndpoint.HandleAsync(service, http);
            }
            foreach (var check in world.HealthChecks.Where(c => world.ExpressServices.All(e => e.HealthCheckId != c.Id)))
                check.Port = world.Services.Single(s => s.Arn == check.ServiceArn).Port;
            foreach (var env in world.Environments)
                foreach (var seeded in env.Regions)
                {
                    var zone = world.HostedZones.Single(z => z.Id == env.HostedZoneId);
                    var record = zone.Records.Single(r => r.Name == env.RecordName && r.SetIdentifier == seeded.SetIdentifier);
                    record.Values = [world.Services.Single(s => s.Arn == seeded.ServiceArn).ServiceUrl];
                }
        }

        var globalEndpoint = app.Services.GetRequiredService<GlobalEndpoint>();
        foreach (var (env, listener) in globalListeners)
        {
            env.GlobalEndpointPort = listener.IPEndPoint!.Port;
            byPort[env.GlobalEndpointPort] = http => globalEndpoint.HandleAsync(env, http);
        }

        var tasks = app.Services.GetRequiredService<SimTasks>();
        foreach (var simulation in app.Services.GetServices<ISimulation>()) simulation.Start(tasks);

        return new LocalCloudHost(app, new Uri($"http://127.0.0.1:{apiPort}"));
    }

    private static Task NotFound(HttpContext http)
    {
        http.Response.StatusCode = 404;
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.Services.GetRequiredService<SimTasks>().DisposeAsync();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
