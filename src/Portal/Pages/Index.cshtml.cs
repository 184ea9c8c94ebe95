using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Core.Services;
using Portal.LocalMode;
using Portal.Topology;

namespace Portal.Pages;

/// <summary>Every environment, its regions in rollout order, and what App Runner reports for each right now.</summary>
public sealed class IndexModel(TopologySource topology, ServiceOverview overview, PortalModeInfo mode, TimeProvider time) : PageModel
{
    public IReadOnlyList<EnvironmentServiceView> Environments { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    /// <summary>App Runner reports a bare host; LocalCloud's loopback services speak plain HTTP.</summary>
    public string ServiceLink(string host) => (mode.IsLocal ? "http://" : "https://") + host;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Environments = await overview.ReadAsync(topology.Current, ct);
        Now = time.GetUtcNow();
    }
}
