using Portal.Hosting;

namespace Portal.Live;

public static class LiveExtensions
{
    /// <summary>The live streams' options, the per-user connection count and the shared job version reads.</summary>
    public static IServiceCollection AddPortalLive(this IServiceCollection services)
    {
        services.AddValidatedOptions<LiveOptions>(LiveOptions.Section, o => o.Problems());
        services.AddSingleton<LiveConnections>();
        services.AddSingleton<JobVersions>();
        return services;
    }
}
