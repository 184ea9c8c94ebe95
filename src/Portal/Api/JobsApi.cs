using Portal.Core.Operations;
using Portal.Jobs;

namespace Portal.Api;

/// <summary>
/// Actions as JSON: each answers 202 with the job's id and location once it is queued, 400 with an error per field
/// when the input is refused (nothing queued), 409 when the environment already has an operation in flight.
/// </summary>
public static class JobsApi
{
    public static string Location(string id) => $"/api/jobs/{id}";

    public static IEndpointRouteBuilder MapJobsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/environments/{name}/deployments", (string name, HttpContext http, OperationQueue queue) =>
            SubmitAsync(http, queue, emptyAllowed: false, ["imageTag", "drain", StrategyField.Name], body => Request(http, OperationKind.Deploy, name) with
            {
                ImageTag = body.String("imageTag"),
                Drain = body.Bool("drain"),
                Strategy = StrategyField.Read(body),
            }));
        app.MapPost("/api/environments/{name}/rollback", (string name, HttpContext http, OperationQueue queue) =>
            SubmitAsync(http, queue, emptyAllowed: true, [], _ => Request(http, OperationKind.Rollback, name)));
        app.MapPost("/api/environments/{name}/weights", (string name, HttpContext http, OperationQueue queue) =>
            SubmitAsync(http, queue, emptyAllowed: false, ["weights", "allowAllZero"], body => Request(http, OperationKind.Rebalance, name) with
            {
                Weights = body.Weights("weights"),
                AllowAllZero = body.Bool("allowAllZero") ?? false,
            }));
        app.MapPost("/api/environments/{name}/pause", (string name, HttpContext http, OperationQueue queue) =>
            SubmitAsync(http, queue, emptyAllowed: true, ["region"], body => Request(http, OperationKind.Pause, name) with { Region = body.String("region") }));
        app.MapPost("/api/environments/{name}/resume", (string name, HttpContext http, OperationQueue queue) =>
            SubmitAsync(http, queue, emptyAllowed: true, ["region"], body
                => Request(http, OperationKind.Resume, name) with { Region = body.String("region") }));

        app.MapPost("/api/environments/{name}/migrations", (string name, HttpContext http, OperationQueue queue) =>
            SubmitAsync(http, queue, emptyAllowed: false, ["region", "pauseAppRunner"], body => Request(http, OperationKind.Migrate, name) with
            {
                Region = body.String("region"),
                PauseAppRunner = body.Bool("pauseAppRunner"),
            }));

        app.MapGet("/api/jobs/{id}", async (string id, IOperationStore store, CancellationToken ct) =>
            await store.GetAsync(id, ct) is { } record
                ? Results.Ok(JobJson.From(record))
                : Results.Problem(statusCode: 404, title: "Unknown job", detail: $"No job {id}."));
        app.MapGet("/api/jobs", async (HttpContext http, IOperationStore store, Topology.TopologySource topology, CancellationToken ct) =>
        {
            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            var query = JobsFilter.Read(http.Request.Query, topology.Current, "page", new OperationQuery().PageSize, errors);
            if (errors.Count > 0) return Results.ValidationProblem(errors);
            var found = await store.ListAsync(query, ct);
            return Results.Ok(new { found.Total, found.Page, found.PageSize, found.Pages, Items = found.Items.Select(JobJson.From) });
        });
        app.MapPost("/api/jobs/{id}/cancel", async (string id, HttpContext http, OperationQueue queue, CancellationToken ct) =>
            await queue.CancelAsync(id, User(http), Address(http), ct)
                ? Results.Accepted(Location(id), new AcceptedJson(id, Location(id)))
                : Results.Problem(statusCode: 409, title: "Not running", detail: $"Job {id} is not queued or running, so there is nothing to cancel."));
        app.MapPost("/api/jobs/{id}/retry", async (string id, HttpContext http, OperationQueue queue) =>
        {
            var body = await ActionRequestReader.ReadAsync(http.Request, emptyAllowed: true);
            var confirm = body.String("confirmEnvironment");
            return await AcceptAsync(() => queue.RetryAsync(id, User(http), Address(http), confirm, http.RequestAborted), body);
        });
        return app;
    }

    internal static async Task<IResult> SubmitAsync(HttpContext http, OperationQueue queue, bool emptyAllowed, string[] fields,
        Func<ActionRequestReader, OperationRequest> build)
    {
        var body = await ActionRequestReader.ReadAsync(http.Request, emptyAllowed, [.. fields, "expected"]);
        var request = build(body) with { Expected = body.Expected("expected") };
        // Read before the errors are looked at, so a confirmEnvironment of the wrong type refuses rather than goes unread.
        var confirm = body.String("confirmEnvironment");
        return await AcceptAsync(() => queue.SubmitAsync(request, confirm, http.RequestAborted), body);
    }

    private static async Task<IResult> AcceptAsync(Func<Task<OperationRecord>> submit, ActionRequestReader body)
    {
        if (body.Errors.Count > 0) return Results.ValidationProblem(body.Errors, statusCode: body.RefusalStatus,
            title: "The request was refused; nothing was queued.");
        try
        {
            var record = await submit();
            return Results.Accepted(Location(record.Id), new AcceptedJson(record.Id, Location(record.Id)));
        }
        catch (OperationValidationException ex)
        {
            return Results.ValidationProblem(ex.Errors, title: "The request was refused; nothing was queued.");
        }
        catch (EnvironmentBusyException ex)
        {
            return Results.Problem(statusCode: 409, title: "Another job is in flight", detail: ex.Message,
                extensions: new Dictionary<string, object?> { ["activeJobId"] = ex.ActiveOperationId, ["activeJobLocation"] = Location(ex.ActiveOperationId) });
        }
    }

    internal static OperationRequest Request(HttpContext http, OperationKind kind, string environment) =>
        new(kind, environment, User(http), Address(http));

    public static string User(HttpContext http) => http.User.Identity?.Name ?? "unknown";

    public static string? Address(HttpContext http) => http.Connection.RemoteIpAddress?.ToString();
}
