using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Core.Health;
using Portal.Core.Status;
using Portal.Core.Topology;
using Portal.Status;
using Portal.Topology;

namespace Portal.Pages.Environments;

/// <summary>One region of one environment in depth: verdict, operations history, Route 53 checkers over time, replication, charts.</summary>
public sealed class RegionModel(StatusBoard board, TopologySource topology, ViewedEnvironments viewed, TimeProvider time) : PageModel
{
    /// <summary>One Route 53 checker (region + address) across the held samples; a null cell is a sample it did not report in.</summary>
    public sealed record CheckerRow(string? Region, string? IpAddress, IReadOnlyList<CheckerObservation?> Cells);

    /// <summary>Replication latency one way, read in the source region (where DynamoDB emits it).</summary>
    public sealed record LagRow(string From, string To, ReplicationLag? Lag, string? Error);

    [BindProperty(SupportsGet = true)]
    public string Environment { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string Region { get; set; } = "";

    public EnvironmentStatus? Status { get; private set; }

    /// <summary>Null when the environment or region is unknown: the page then answers 404 and lists what exists.</summary>
    public RegionStatus? Current { get; private set; }

    public IReadOnlyList<HealthSample> Samples { get; private set; } = [];

    public IReadOnlyList<CheckerRow> Checkers { get; private set; } = [];

    public IReadOnlyList<LagRow> Lags { get; private set; } = [];

    /// <summary>What does exist, offered on the 404 page.</summary>
    public IReadOnlyList<EnvironmentTopology> Known { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    /// <summary>The board's snapshot version, read before the snapshot: never newer than what the page shows, so live.js never skips a change.</summary>
    public long Version { get; private set; }

    public IActionResult OnGet()
    {
        Now = time.GetUtcNow();
        Version = board.Current.Version;
        Status = board.Snapshot(topology, Environment, Now);
        Current = Status?.Regions.FirstOrDefault(r => string.Equals(r.Region, Region, StringComparison.OrdinalIgnoreCase));
        if (Status is null || Current is null)
        {
            Known = topology.Current.Environments;
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        viewed.Mark(Status.Name);
        Samples = board.Health.Read(Status.Name, Current.Region);
        Checkers = RowsOf(Samples);
        Lags = LagsOf(Status, Current);
        return Page();
    }

    public static IReadOnlyList<CheckerRow> RowsOf(IReadOnlyList<HealthSample> samples) =>
        [.. samples.SelectMany(s => s.Observations).Select(o => (o.Region, o.IpAddress)).Distinct()
            .OrderBy(c => c.Region, StringComparer.Ordinal).ThenBy(c => c.IpAddress, StringComparer.Ordinal)
            .Select(c => new CheckerRow(c.Region, c.IpAddress,
                [.. samples.Select(s => s.Observations.FirstOrDefault(o => o.Region == c.Region && o.IpAddress == c.IpAddress))]))];

    /// <summary>Both directions: this region's own reading (to the others) and each other region's reading (to this one).</summary>
    private static IReadOnlyList<LagRow> LagsOf(EnvironmentStatus env, RegionStatus here)
    {
        var outbound = env.Regions.Where(r => r != here).Select(other =>
            new LagRow(here.Region, other.Region, here.Lag.Value?.FirstOrDefault(l => l.ToRegion == other.Region), here.Lag.Error));
        var inbound = env.Regions.Where(r => r != here).Select(other =>
            new LagRow(other.Region, here.Region, other.Lag.Value?.FirstOrDefault(l => l.ToRegion == here.Region), other.Lag.Error));
        return [.. outbound, .. inbound];
    }
}
