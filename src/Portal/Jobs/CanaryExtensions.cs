using Microsoft.Extensions.Options;
using Portal.Core.Canary;
using Portal.Hosting;
using Portal.Topology;

namespace Portal.Jobs;

public static class CanaryExtensions
{
    /// <summary>The canary deployment strategy: its settings (Portal:Canary, validated at start-up), analysis and runner.</summary>
    public static IServiceCollection AddPortalCanary(this IServiceCollection services, IConfiguration configuration)
    {
        var local = PortalModes.IsLocal(configuration);
        services.AddValidatedOptions<CanarySettings>("Portal:Canary", o => o.Problems(), defaults: o => { if (local) LocalDefaults(o); });
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<CanarySettings>>().Value);
        services.AddSingleton<CanaryAnalysis>();
        services.AddSingleton<CanaryAnalysisStep>();
        services.AddSingleton<CanaryRunner>();
        return services;
    }

    // CloudWatch's App Runner metrics are per real minute even when LocalCloud scales App Runner's own durations, so the
    // demo analyses a few minutes; LocalCloud's traffic (5 requests/s) gives the canary ~30 requests a minute at 10%.
    private static void LocalDefaults(CanarySettings o)
    {
        o.AnalysisTime = TimeSpan.FromMinutes(5);
        o.Extension = TimeSpan.FromMinutes(2);
        o.MaxAnalysisTime = TimeSpan.FromMinutes(9);
        o.MinMinutes = 4;
        o.MinRequests = 100;
    }
}
