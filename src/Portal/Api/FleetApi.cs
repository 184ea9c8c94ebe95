using Portal.Core.Topology;
using Portal.Core.Fleet;
using Portal.Core.Status;
using Portal.Topology;

namespace Portal.Api;

/// <summary>`GET /api/fleet`: the fleet page's rows as JSON, worst first, with the same filters (400 naming the filter when one is refused).</summary>
public static class FleetApi
{
    public static IEndpointRouteBuilder MapFleetApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/fleet", (HttpContext http, StatusBoard board, TopologySource topology) =>
        {
            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            var filter = FleetQuery.Read(http.Request.Query, topology.Current, errors);
            if (errors.Count > 0) return Results.ValidationProblem(errors);
            var (environments, version) = board.Current;
            var rows = FleetView.Rows(environments, filter);
            return Results.Ok(new FleetJson(
                version,
                environments.Count == 0 ? null : environments.Max(e => e.CapturedAt),
                filter.Application,
                filter.Verdict is { } v ? FleetQuery.Word(v) : null,
                FleetView.Counts(rows).ToDictionary(c => FleetQuery.Word(c.Verdict), c => c.Regions),
                [.. rows.Select(r => new FleetRowJson(r.Environment, r.Application, r.Protected, FleetQuery.Word(r.Worst),
                    [.. r.Cells.Select(c => new FleetCellJson(c.Region, FleetQuery.Word(c.Verdict), c.Reason, c.ImageTag, c.Weight, c.TrafficShare,
                        RuntimeNames.Of(c.Runtime), FleetLinks.Region(r.Environment, c.Region)))]))]));
        });
        return app;
    }

    public sealed record FleetJson(long Version, DateTimeOffset? CapturedAt, string? Application, string? Verdict, IReadOnlyDictionary<string, int> Regions,
        IReadOnlyList<FleetRowJson> Rows);

    public sealed record FleetRowJson(string Environment, string? Application, bool Protected, string Worst, IReadOnlyList<FleetCellJson> Cells);

    public sealed record FleetCellJson(string Region, string Verdict, string Reason, string? ImageTag, int? Weight, double? TrafficShare, string Runtime,
        string Url);
}

/// <summary>Where a fleet cell leads: today's view of that environment's region.</summary>
public static class FleetLinks
{
    public static string Region(string environment, string region) =>
        $"/environments/{Uri.EscapeDataString(environment)}/regions/{Uri.EscapeDataString(region)}";
}
