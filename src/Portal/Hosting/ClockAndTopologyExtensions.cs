using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Topology;

namespace Portal.Hosting;

public static class ClockAndTopologyExtensions
{
    /// <summary>
    /// What every area needs first: the clock (replaceable by tests) and the topology read from configuration. Core's
    /// runners are registered by the areas that run them (jobs, canary, drills, status), not here.
    /// </summary>
    public static IServiceCollection AddClockAndTopology(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddPortalTopology();
        return services;
    }
}
