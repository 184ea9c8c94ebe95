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
        app.MapGet("/api/environments", (StatusJson json) => Results.Bytes(json.All().Json, "application/json"));

        app.MapGet("/api/environments/{name}/status", Results<FileContentHttpResult, ProblemHttpResult> (string name, StatusJson json, StatusBoard board) =>
            json.Environment(name) is { } body
                ? TypedResults.Bytes(body, "application/json")
                : TypedResults.Problem(statusCode: 404, title: "Unknown environment",
                    detail: $"No environment named '{name}'. Known: {string.Join(", ", board.Current.Environments.Select(e => e.Name))}."));

        return app;
    }
}
