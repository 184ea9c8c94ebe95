using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Core.Status;
using Portal.Core.Telemetry;
using Portal.Status;

namespace Portal.Api;

/// <summary>
/// The dashboard's snapshot as JSON, and a server-sent event stream that says when a new one is out.
/// Both read the shared board: a viewer never causes an AWS call.
/// </summary>
public static class StatusApi
{
    public static IEndpointRouteBuilder MapStatusApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/environments", (StatusJson json, StatusBoard board, ViewedEnvironments viewed) =>
        {
            viewed.Mark(board.Current.Environments.Select(e => e.Name));
            return Results.Bytes(json.All().Json, "application/json");
        });

        app.MapGet("/api/environments/{name}/status", Results<FileContentHttpResult, ProblemHttpResult> (string name, StatusJson json, StatusBoard board, ViewedEnvironments viewed) =>
        {
            if (json.Environment(name) is not { } body)
                return TypedResults.Problem(statusCode: 404, title: "Unknown environment",
                    detail: $"No environment named '{name}'. Known: {string.Join(", ", board.Current.Environments.Select(e => e.Name))}.");
            // Someone is watching: the collector reads it before the unwatched environments.
            viewed.Mark(board.Find(name)?.Name ?? name);
            return TypedResults.Bytes(body, "application/json");
        });

        app.MapGet("/api/status/stream", StreamAsync);
        return app;
    }

    /// <summary>
    /// "snapshot" events carrying every environment's snapshot, the first at once and then one per
    /// refresh; a comment every 15 s keeps proxies from closing an idle stream.
    /// </summary>
    private static async Task StreamAsync(HttpContext http, StatusBoard board, StatusJson json, CancellationToken ct)
    {
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        PortalTelemetry.ViewersConnected.Add(1);
        try
        {
            await StreamSnapshotsAsync(http, board, json, ct);
        }
        finally
        {
            PortalTelemetry.ViewersConnected.Add(-1);
        }
    }

    private static async Task StreamSnapshotsAsync(HttpContext http, StatusBoard board, StatusJson json, CancellationToken ct)
    {
        var seen = -1L;
        while (!ct.IsCancellationRequested)
        {
            var (body, version) = json.All();
            if (version != seen)
            {
                seen = version;
                await http.Response.WriteAsync($"id: {version}\nevent: snapshot\ndata: ", ct);
                await http.Response.Body.WriteAsync(body, ct);
                await http.Response.WriteAsync("\n\n", ct);
                await http.Response.Body.FlushAsync(ct);
            }
            try
            {
                await board.WaitForNewerAsync(seen, ct).WaitAsync(TimeSpan.FromSeconds(15), ct);
            }
            catch (TimeoutException)
            {
                await http.Response.WriteAsync(": keep-alive\n\n", ct);
                await http.Response.Body.FlushAsync(ct);
            }
            catch (OperationCanceledException) { return; }
        }
    }
}
