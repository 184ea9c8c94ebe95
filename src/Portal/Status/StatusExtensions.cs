using Microsoft.Extensions.Options;
using Portal.Core.Status;
using Portal.Hosting;
using Portal.Topology;

namespace Portal.Status;

public static class StatusExtensions
{
    /// <summary>The shared status collector, its board, and the portal's own endpoint probe.</summary>
    public static IServiceCollection AddPortalStatus(this IServiceCollection services)
    {
        services.AddValidatedOptions<StatusOptions>(StatusOptions.Section, o => o.Problems());
        services.AddHttpClient(HttpEndpointProbe.ClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                ConnectTimeout = TimeSpan.FromSeconds(5) })
            .RemoveAllLoggers();
        services.AddSingleton<IEndpointProbe, HttpEndpointProbe>();
        services.AddSingleton<StatusBoard>();
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<StatusOptions>>().Value;
            var topology = sp.GetRequiredService<TopologySource>();
            return ActivatorUtilities.CreateInstance<StatusCollector>(sp,
                (Func<Core.Topology.PortalTopology>)(() => topology.Current),
                new CollectorSettings(o.Thresholds, o.OperationsKept));
        });
        services.AddHostedService<StatusCollectorService>();
        services.AddSingleton<StatusJson>();
        return services;
    }
}
