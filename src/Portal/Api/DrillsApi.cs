using System.Globalization;
using Portal.Core.Drills;
using Portal.Core.Operations;
using Portal.Core.Text;
using Portal.Jobs;

namespace Portal.Api;

/// <summary>
/// Failover drills as JSON: POST starts one (the same confirmation and answers as every action: 202, 400 per field,
/// 409 when the environment has an operation in flight); GET lists them and returns each one's report, which also
/// downloads as Markdown or JSON.
/// </summary>
public static class DrillsApi
{
    public static IEndpointRouteBuilder MapDrillsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/environments/{name}/drills", (string name, HttpContext http, OperationQueue queue) =>
            JobsApi.SubmitAsync(http, queue, emptyAllowed: false, ["kind", "region", "hold"], body => JobsApi.Request(http, OperationKind.Drill, name) with
            {
                DrillKind = Kind(body),
                Region = body.String("region"),
                Hold = Hold(body),
            }));
        app.MapGet("/api/drills", async (HttpContext http, IOperationStore store, Topology.TopologySource topology, CancellationToken ct) =>
        {
            // The jobs list's strict filters (environment in any case, page, state); the kind is always Drill.
            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            var query = JobsFilter.Read(http.Request.Query, topology.Current, "page", new OperationQuery().PageSize, errors);
            if (query.Kind is { } kind && kind != OperationKind.Drill) errors["kind"] = ["Only drills are listed here: leave 'kind' out, or use /api/jobs."];
            if (errors.Count > 0) return Results.ValidationProblem(errors);
            var found = await store.ListAsync(query with { Kind = OperationKind.Drill }, ct);
            return Results.Ok(new { found.Total, found.Page, found.PageSize, found.Pages, Items = found.Items.Select(DrillJson.From) });
        });
        app.MapGet("/api/drills/{id}", async (string id, IOperationStore store, CancellationToken ct) =>
            await store.GetAsync(id, ct) is { Kind: OperationKind.Drill } record
                ? Results.Ok(DrillJson.From(record))
                : Results.Problem(statusCode: 404, title: "Unknown drill", detail: $"No drill {id}."));
        app.MapGet("/api/drills/{id}/report.{format}", async (string id, string format, IOperationStore store, CancellationToken ct) =>
        {
            if (format is not ("md" or "json"))
                return Results.Problem(statusCode: 404, title: "Unknown format", detail: "Reports download as report.md (Markdown) or report.json.");
            if (await store.GetAsync(id, ct) is not { Kind: OperationKind.Drill } record)
                return Results.Problem(statusCode: 404, title: "Unknown drill", detail: $"No drill {id}.");
            if (DrillReport.FromSteps(record.Steps) is not { } report)
                return Results.Problem(statusCode: 404, title: "No report yet", detail: $"Drill {id} is {record.State}; its report is written when it ends.");
            return format == "md"
                ? Results.File(System.Text.Encoding.UTF8.GetBytes(report.ToMarkdown()), "text/markdown; charset=utf-8", $"drill-{id}.md")
                : Results.File(System.Text.Encoding.UTF8.GetBytes(report.ToJsonText()), "application/json", $"drill-{id}.json");
        });
        return app;
    }

    private static DrillKind? Kind(ActionRequestReader body)
    {
        var text = body.String("kind");
        switch (text)
        {
            case null: return null;
            case "evacuate": return DrillKind.Evacuate;
            case "healthcheck": return DrillKind.HealthCheck;
            default:
                body.Merge(new Dictionary<string, string[]> { ["kind"] = [$"{UntrustedText.Quote(text)} is not a drill kind: use \"evacuate\" or " +
                    $"\"healthcheck\"."] });
                return null;
        }
    }

    private static TimeSpan? Hold(ActionRequestReader body)
    {
        var text = body.String("hold");
        if (text is null) return null;
        if (TimeSpan.TryParseExact(text, @"hh\:mm\:ss", CultureInfo.InvariantCulture, out var hold)) return hold;
        body.Merge(new Dictionary<string, string[]> { ["hold"] = [$"{UntrustedText.Quote(text)} is not a duration: use hh:mm:ss, e.g. \"00:05:00\"."] });
        return null;
    }
}

/// <summary>A drill as the API shows it: the job and, once it has ended, its report.</summary>
public sealed record DrillJson(string Id, string Environment, string? Kind, string? Region, string State, string? Outcome, DateTimeOffset CreatedAt,
    DateTimeOffset? EndedAt, DrillReport? Report, string Job, string? Markdown)
{
    public static DrillJson From(OperationRecord r)
    {
        var report = DrillReport.FromSteps(r.Steps);
        return new(r.Id, r.Environment, r.Request.DrillKind?.ToString().ToLowerInvariant(), r.Request.Region, r.State.ToString(), r.Outcome, r.CreatedAt,
            r.EndedAt,
            report, JobsApi.Location(r.Id), report is null ? null : $"/api/drills/{r.Id}/report.md");
    }
}
