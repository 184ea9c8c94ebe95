using Portal.Core.Schedules;
using Portal.Jobs.Schedules;

namespace Portal.Api;

/// <summary>
/// Drill schedules as JSON: list (next fires, last runs with each drill's report), create or replace (400 per field, nothing
/// saved), enable, disable, delete. Changing one is an operator's action, as running a drill by hand is (any non-GET method).
/// </summary>
public static class DrillSchedulesApi
{
    private static readonly string[] Fields = ["environment", "region", "kind", "hold", "cron", "timeZone", "enabled"];

    public static IEndpointRouteBuilder MapDrillSchedulesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/drill-schedules", async (DrillScheduleOverview overview, CancellationToken ct) =>
            Results.Ok((await overview.ListAsync(ct)).Select(DrillScheduleJson.From)));
        app.MapGet("/api/drill-schedules/{id}", async (string id, IDrillScheduleStore store, DrillScheduleOverview overview, CancellationToken ct) =>
            await store.GetAsync(id, ct) is { } schedule ? Results.Ok(DrillScheduleJson.From(await overview.ViewAsync(schedule, ct))) : NotFound(id));
        app.MapPost("/api/drill-schedules", (HttpContext http, DrillScheduleService service, DrillScheduleOverview overview) =>
            SaveAsync(http, null, service, overview));
        app.MapPut("/api/drill-schedules/{id}", (string id, HttpContext http, DrillScheduleService service, DrillScheduleOverview overview) =>
            SaveAsync(http, id, service, overview));
        app.MapPost("/api/drill-schedules/{id}/enable", (string id, HttpContext http, DrillScheduleService service) =>
            ChangeAsync(() => service.SetEnabledAsync(id, true, JobsApi.User(http), JobsApi.Address(http), http.RequestAborted)));
        app.MapPost("/api/drill-schedules/{id}/disable", (string id, HttpContext http, DrillScheduleService service) =>
            ChangeAsync(() => service.SetEnabledAsync(id, false, JobsApi.User(http), JobsApi.Address(http), http.RequestAborted)));
        app.MapDelete("/api/drill-schedules/{id}", async (string id, HttpContext http, IDrillScheduleStore store, DrillScheduleService service) =>
            await store.GetAsync(id, http.RequestAborted) is null
                ? NotFound(id)
                : Results.Ok(new { Message = await service.DeleteAsync(id, JobsApi.User(http), JobsApi.Address(http), http.RequestAborted) }));
        return app;
    }

    public static string Location(string id) => $"/api/drill-schedules/{id}";

    private static async Task<IResult> SaveAsync(HttpContext http, string? id, DrillScheduleService service, DrillScheduleOverview overview)
    {
        var body = await ActionRequestReader.ReadAsync(http.Request, emptyAllowed: false, Fields);
        var draft = new DrillScheduleDraft(body.String("environment"), body.String("region"), body.String("kind"), body.String("hold"),
            body.String("cron"), body.String("timeZone"), body.Bool("enabled") ?? true, body.String("confirmEnvironment"));
        if (body.Errors.Count > 0)
            return Results.ValidationProblem(body.Errors, statusCode: body.RefusalStatus, title: "The drill schedule was refused; nothing was saved.");
        try
        {
            var saved = await service.SaveAsync(id, draft, JobsApi.User(http), JobsApi.Address(http), http.RequestAborted);
            var json = DrillScheduleJson.From(await overview.ViewAsync(saved, http.RequestAborted));
            return id is null ? Results.Created(Location(saved.Id), json) : Results.Ok(json);
        }
        catch (ScheduleValidationException ex) when (id is not null && ex.Errors.Keys.SequenceEqual(["id"]))
        {
            return NotFound(id);
        }
        catch (ScheduleValidationException ex)
        {
            return Results.ValidationProblem(ex.Errors, title: "The drill schedule was refused; nothing was saved.");
        }
    }

    private static async Task<IResult> ChangeAsync(Func<Task<string>> change)
    {
        try
        {
            return Results.Ok(new { Message = await change() });
        }
        catch (ScheduleValidationException ex) when (ex.Errors.ContainsKey("id"))
        {
            return Results.Problem(statusCode: 404, title: "Unknown drill schedule", detail: string.Join(" ", ex.Errors["id"]));
        }
        catch (ScheduleValidationException ex)
        {
            return Results.ValidationProblem(ex.Errors, title: "The drill schedule was refused; nothing changed.");
        }
    }

    private static IResult NotFound(string id) => Results.Problem(statusCode: 404, title: "Unknown drill schedule", detail: $"No drill schedule {id}.");
}

/// <summary>A drill schedule as the API shows it; each run that queued a drill links to the drill and its report.</summary>
public sealed record DrillScheduleJson(string Id, string Environment, string Region, string Kind, string? Hold, string Cron, string TimeZone, bool Enabled,
    DateTimeOffset UpdatedAt, string UpdatedBy, string? ConfirmedBy, IReadOnlyList<DateTimeOffset> NextFires, IReadOnlyList<DrillScheduleRunJson> LastRuns,
    string? Problem)
{
    public static DrillScheduleJson From(DrillScheduleView view)
    {
        var s = view.Schedule;
        return new(s.Id, s.Environment, s.Region, DrillScheduleRules.KindText(s.Kind), s.Hold?.ToString(@"hh\:mm\:ss"), s.Cron, s.TimeZone, s.Enabled,
            s.UpdatedAt, s.UpdatedBy, s.ConfirmedBy, view.NextFires,
            [.. view.LastRuns.Select(r => DrillScheduleRunJson.From(r, r.OperationId is null ? null : view.Results.GetValueOrDefault(r.OperationId)))],
            view.Problem);
    }
}

/// <param name="DrillState">The queued drill's job state now (Running, Succeeded, Failed...); <paramref name="Verdict"/> its report's, once ended.</param>
public sealed record DrillScheduleRunJson(DateTimeOffset Due, DateTimeOffset RecordedAt, string Outcome, string? DrillId, string? Drill, string? Report,
    string Detail, string? DrillState, string? Verdict)
{
    public static DrillScheduleRunJson From(DrillScheduleRun r, DrillRunResult? result) => new(r.Due, r.RecordedAt, r.Outcome.ToString().ToLowerInvariant(),
        r.OperationId, r.OperationId is null ? null : $"/api/drills/{r.OperationId}", r.OperationId is null ? null : $"/api/drills/{r.OperationId}/report.md",
        r.Detail, result?.State.ToString(), result?.Verdict);
}
