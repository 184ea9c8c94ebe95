using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Core.Status;
using Portal.Status;

namespace Portal.Api;

/// <summary>
/// The dashboard's snapshot as JSON, read from the shared board: a viewer never causes an AWS call.
/// (Pages learn of a new snapshot from <see cref="Live.LiveStreams"/>.)
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

        app.MapGet("/api/environments/{name}/status", Results<FileContentHttpResult, ProblemHttpResult> (string name, StatusJson json, StatusBoard board,
            ViewedEnvironments viewed) =>
        {
            if (json.Environment(name) is not { } body)
                return TypedResults.Problem(statusCode: 404, title: "Unknown environment",
                    detail: $"No environment named '{name}'. Known: {string.Join(", ", board.Current.Environments.Select(e => e.Name))}.");
            // Someone is watching: the collector reads it before the unwatched environments.
            viewed.Mark(board.Find(name)?.Name ?? name);
            return TypedResults.Bytes(body, "application/json");
        });

        return app;
    }
}
