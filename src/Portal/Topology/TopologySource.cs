using Microsoft.Extensions.Options;
using Portal.Core.Topology;
using Portal.Hosting;

namespace Portal.Topology;

/// <summary>The topology in use: the validated configuration in AWS mode, LocalCloud's seeded world in local mode.</summary>
public sealed class TopologySource(IOptions<PortalOptions> options)
{
    private volatile PortalTopology? _fromLocalCloud;

    public PortalTopology Current => _fromLocalCloud ?? options.Value.ToTopology();

    /// <summary>Local mode: the topology LocalCloud seeded, checked by the same rules as configuration.</summary>
    public void UseLocalCloud(PortalTopology topology)
    {
        var problems = TopologyRules.Validate(topology, "LocalCloud:Environments");
        if (problems.Count > 0) throw new InvalidOperationException("LocalCloud seeded a topology the portal cannot use:\n" + string.Join('\n', problems));
        _fromLocalCloud = topology;
    }
}

public static class TopologyExtensions
{
    public static IServiceCollection AddPortalTopology(this IServiceCollection services)
    {
        services.AddValidatedOptions<PortalOptions>(PortalOptions.Section, o => o.Problems());
        services.AddSingleton<TopologySource>();
        return services;
    }
}
