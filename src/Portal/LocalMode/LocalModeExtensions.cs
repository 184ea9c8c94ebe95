using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Portal.Hosting;
using Portal.Aws;
using Portal.LocalCloud;
using Portal.Status;
using Portal.Topology;

namespace Portal.LocalMode;

public static class LocalModeExtensions
{
    public static readonly IReadOnlyList<string> LoopbackHosts = ["localhost", "127.0.0.1", "[::1]"];

    /// <summary>
    /// In local mode (no environments configured, Portal:Mode not Aws): LocalCloud in-process on a free
    /// loopback port, signed with its test/test keys. In AWS mode: nothing.
    /// </summary>
    public static IServiceCollection AddLocalMode(this IServiceCollection services, IConfiguration configuration)
    {
        if (!PortalModes.IsLocal(configuration))
        {
            services.AddSingleton(new PortalModeInfo(IsLocal: false, () => null));
            return services;
        }

        // Demo defaults: a free port, a 4-minute deployment in 12 s, and Route 53's budgets compressed 10 times because
        // local mode polls operations every 500 ms instead of production's 5 s (JobsExtensions). Overridable under
        // "LocalCloud" (BudgetTimeScale 1 shows AWS's real budgets); the fleet's size under "Portal:Local". Checked at
        // start-up with every other options type, so one start lists all the problems.
        services.AddValidatedOptions<LocalCloudOptions>("LocalCloud", o => o.Validate(), defaults: o
            => (o.Port, o.TimeScale, o.BudgetTimeScale) = (0, 0.05, 0.1))
            .PostConfigure<IConfiguration>(LocalFleet.Apply);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<LocalCloudOptions>>().Value);

        services.Replace(ServiceDescriptor.Singleton<IAwsCredentialsSource>(sp =>
        {
            var options = sp.GetRequiredService<LocalCloudOptions>();
            return new StaticCredentialsSource(options.AccessKeyId, options.SecretAccessKey);
        }));
        // LocalCloud's service endpoints speak plain HTTP on loopback.
        services.PostConfigure<StatusOptions>(o => o.ProbeScheme = "http");
        // The demo answers loopback names only, unless AllowedHosts names others: a Host header from a rebinding page
        // or a shared network is refused (400) rather than served, and never chooses where a redirect goes.
        services.PostConfigure<Microsoft.AspNetCore.HostFiltering.HostFilteringOptions>(o =>
        {
            if (o.AllowedHosts.Count == 0 || o.AllowedHosts.Contains("*")) o.AllowedHosts = [.. LoopbackHosts];
        });
        services.AddSingleton<LocalCloudRuntime>();
        services.AddHostedService(sp => sp.GetRequiredService<LocalCloudRuntime>());
        services.AddSingleton(sp => new PortalModeInfo(IsLocal: true, () => sp.GetRequiredService<LocalCloudRuntime>().Endpoint));
        return services;
    }
}

/// <summary>What the header says about where the portal's AWS calls go.</summary>
public sealed record PortalModeInfo(bool IsLocal, Func<Uri?> LocalCloudEndpoint)
{
    public string Description => IsLocal
        ? $"Local mode — LocalCloud at {LocalCloudEndpoint()?.ToString().TrimEnd('/') ?? "(starting)"}"
        : "AWS";
}
