using Microsoft.Extensions.Options;
using Portal.Core.Drills;
using Portal.Hosting;

namespace Portal.Jobs;

public static class DrillsExtensions
{
    /// <summary>Failover drills: their settings (Portal:Drills, validated at start-up) and runner.</summary>
    public static IServiceCollection AddPortalDrills(this IServiceCollection services)
    {
        services.AddValidatedOptions<DrillSettings>("Portal:Drills", o => o.Problems());
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<DrillSettings>>().Value);
        services.AddSingleton<DrillRunner>();
        return services;
    }
}
