using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Api;
using Portal.Core.Fleet;
using Portal.Core.Status;
using Portal.Topology;

namespace Portal.Pages.Fleet;

/// <summary>Every environment on one screen, one row each and a cell per region, worst first; filters in the query string so links work.</summary>
public sealed class IndexModel(StatusBoard board, TopologySource topology, TimeProvider time) : PageModel
{
    public FleetFilter Filter { get; private set; } = new();

    /// <summary>Refused filters by parameter; the page then lists nothing and answers 400.</summary>
    public IReadOnlyDictionary<string, string[]> FilterErrors { get; private set; } = new Dictionary<string, string[]>();

    public IReadOnlyList<FleetRow> Rows { get; private set; } = [];

    /// <summary>The columns: every region any listed environment runs in, in the order they first appear (rollout order).</summary>
    public IReadOnlyList<string> Regions { get; private set; } = [];

    public IReadOnlyList<string> Applications { get; private set; } = [];

    public int EnvironmentCount { get; private set; }

    public DateTimeOffset? CapturedAt { get; private set; }

    public DateTimeOffset Now { get; private set; }

    /// <summary>The board's snapshot version the page shows: live.js refetches the page's live part when the status stream announces another.</summary>
    public long Version { get; private set; }

    /// <summary>Who collects, at what pace, and what AWS's throttling did to the reads: the page never hides a slowdown.</summary>
    public Core.Status.CollectorInfo Collector => board.Collector;

    public void OnGet()
    {
        Now = time.GetUtcNow();
        Applications = FleetView.Applications(topology.Current.Environments);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        Filter = FleetQuery.Read(Request.Query, topology.Current, errors);
        FilterErrors = errors;
        if (errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        var (environments, version) = board.Current;
        Version = version;
        EnvironmentCount = environments.Count;
        CapturedAt = environments.Count == 0 ? null : environments.Max(e => e.CapturedAt);
        Rows = FleetView.Rows(environments, Filter);
        Regions = [.. Rows.SelectMany(r => r.Cells.Select(c => c.Region)).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>This page's address with one filter changed and the other kept.</summary>
    public string Link(string? application, VerdictLevel? verdict) =>
        Url.Page("/Fleet/Index", new { application, verdict = verdict is { } v ? FleetQuery.Word(v) : null })!;
}
