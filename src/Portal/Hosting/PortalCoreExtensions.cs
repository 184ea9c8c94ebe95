using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Topology;

namespace Portal.Hosting;

public static class PortalCoreExtensions
{
    /// <summary>Portal.Core's services and the topology they work on.</summary>
    public static IServiceCollection AddPortalCore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddPortalTopology();
        return services;
    }
}
