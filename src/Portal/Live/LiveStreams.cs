using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Portal.Api;
using Portal.Core.Status;
using Portal.Core.Telemetry;
using Portal.Topology;

namespace Portal.Live;

/// <summary>
/// Every page's live stream, as server-sent events that carry versions only: "status" (the board's snapshot version),
/// "metrics" (the chart history's version), "job" (a job's version), "end" (the job finished: nothing more will come)
/// and "heartbeat" (its data the interval in seconds). A page fetches its marked fragments when a version differs
/// from the one it shows (wwwroot/js/live.js). The same access rule as the pages (the fallback policy: a viewer).
/// </summary>
public static class LiveStreams
{
    public const string StatusPath = "/live/status";

    /// <summary>The status stream of a page that shows <paramref name="environments"/>: while it is open they count as viewed, read before the unwatched
    /// ones.</summary>
    public static string StatusPathFor(IEnumerable<string> environments)
    {
        var query = string.Join("&", environments.Select(e => "environment=" + Uri.EscapeDataString(e)));
        return query.Length == 0 ? StatusPath : $"{StatusPath}?{query}";
    }

    public static string JobPath(string id) => $"/live/jobs/{Uri.EscapeDataString(id)}";

    public static IEndpointRouteBuilder MapLiveStreams(this IEndpointRouteBuilder app)
    {
        app.MapGet(StatusPath, Status).WithTags("Live");
        app.MapGet("/live/jobs/{id}", JobAsync).WithTags("Live");
        return app;
    }

    private static Results<ServerSentEventsResult<string>, ProblemHttpResult> Status(
        HttpContext http, StatusBoard board, TopologySource topology, ViewedEnvironments viewed, LiveConnections connections,
            IOptionsMonitor<LiveOptions> options, IHostApplicationLifetime lifetime)
    {
        // The environments the page shows: marked viewed with every event, so an open page keeps its priority.
        var watching = http.Request.Query["environment"].OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var known = topology.Current.Environments.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        if (watching.FirstOrDefault(e => !known.Contains(e)) is { } unknown)
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown environment",
                detail: $"environment: there is no environment '{Core.Text.UntrustedText.Bound(unknown)}'; it must name one of the topology's environments.");
        if (Open(http, connections, options.CurrentValue) is { } refused) return refused;
        var events = StatusEvents(board, options.CurrentValue, Stopping(http, lifetime));
        return Stream(http, watching.Count == 0 ? events : Marking(events, viewed, watching));
    }

    private static async IAsyncEnumerable<SseItem<string>> Marking(IAsyncEnumerable<SseItem<string>> events, ViewedEnvironments viewed,
        IReadOnlyList<string> watching)
    {
        // Heartbeats (15 s) come well within ViewedEnvironments.Window (60 s), so a quiet page stays viewed.
        await foreach (var item in events)
        {
            viewed.Mark(watching);
            yield return item;
        }
    }

    private static async Task<Results<ServerSentEventsResult<string>, ProblemHttpResult>> JobAsync(
        string id, HttpContext http, JobVersions versions, LiveConnections connections, IOptionsMonitor<LiveOptions> options, IHostApplicationLifetime lifetime)
    {
        var (job, failed) = await ReadAsync(versions, id);
        if (failed)
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Jobs unavailable",
                detail: "The portal could not read its job records just now; the page retries.");
        if (job is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown job",
                detail: $"There is no job '{Core.Text.UntrustedText.Bound(id)}'.");
        if (Open(http, connections, options.CurrentValue) is { } refused) return refused;
        return Stream(http, JobEvents(id, versions, options.CurrentValue, Stopping(http, lifetime)));
    }

    private static ProblemHttpResult? Open(HttpContext http, LiveConnections connections, LiveOptions o)
    {
        var user = JobsApi.User(http);
        if (connections.TryOpen(user) is not { } lease)
            return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many live streams",
                detail: $"At most {o.MaxStreamsPerUser} live pages per user at a time (Portal:Live:MaxStreamsPerUser); close another tab. This page stays as " +
                    $"it is.");
        http.Response.RegisterForDispose(lease);
        PortalTelemetry.ViewersConnected.Add(1);
        http.Response.OnCompleted(() => { PortalTelemetry.ViewersConnected.Add(-1); return Task.CompletedTask; });
        return null;
    }

    private static ServerSentEventsResult<string> Stream(HttpContext http, IAsyncEnumerable<SseItem<string>> events)
    {
        // Buffering proxies (nginx) would hold events back; caches must not store a stream.
        http.Response.Headers.CacheControl = "no-cache, no-store";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        return TypedResults.ServerSentEvents(events);
    }

    // The stream ends when the browser goes away or the portal shuts down, whichever comes first.
    private static CancellationToken Stopping(HttpContext http, IHostApplicationLifetime lifetime)
    {
        var linked = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        http.Response.RegisterForDispose(linked);
        return linked.Token;
    }

    internal static async IAsyncEnumerable<SseItem<string>> StatusEvents(StatusBoard board, LiveOptions o, [EnumeratorCancellation] CancellationToken ct)
    {
        var version = board.Current.Version;
        var metrics = board.Metrics.Version;
        yield return Versioned("status", version, o.Retry);
        yield return Versioned("metrics", metrics, null);
        while (true)
        {
            var woke = await WaitAsync(board.WaitForNewerAsync(version, ct), o.Heartbeat, ct);
            if (woke == Wake.Stopped) yield break;
            if (woke == Wake.Heartbeat)
            {
                yield return Heartbeat(o);
                continue;
            }
            version = board.Current.Version;
            yield return Versioned("status", version, null);
            if (board.Metrics.Version != metrics)
            {
                metrics = board.Metrics.Version;
                yield return Versioned("metrics", metrics, null);
            }
        }
    }

    internal static async IAsyncEnumerable<SseItem<string>> JobEvents(string id, JobVersions versions, LiveOptions o,
        [EnumeratorCancellation] CancellationToken ct)
    {
        string? shown = null;
        var quiet = TimeSpan.Zero;
        while (true)
        {
            var (job, _) = await ReadAsync(versions, id);
            if (job is null) yield break;
            if (job.Version != shown)
            {
                yield return new SseItem<string>($"{id} {job.Version}", "job") { EventId = job.Version, ReconnectionInterval = shown is null ? o.Retry : null };
                shown = job.Version;
                quiet = TimeSpan.Zero;
            }
            if (job.Finished)
            {
                yield return new SseItem<string>(id, "end");
                yield break;
            }
            if (quiet >= o.Heartbeat)
            {
                yield return Heartbeat(o);
                quiet = TimeSpan.Zero;
            }
            if (await WaitAsync(Task.Delay(o.JobCheckInterval, ct), Timeout.InfiniteTimeSpan, ct) == Wake.Stopped) yield break;
            quiet += o.JobCheckInterval;
        }
    }

    // A store that fails (a database restart) ends the stream or refuses it with 503: the page says "reconnecting" and live.js retries.
    private static async Task<(JobVersion? Job, bool Failed)> ReadAsync(JobVersions versions, string id)
    {
        try
        {
            return (await versions.GetAsync(id), false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return (null, true);
        }
    }

    private enum Wake { Newer, Heartbeat, Stopped }

    private static async Task<Wake> WaitAsync(Task next, TimeSpan heartbeat, CancellationToken ct)
    {
        try
        {
            await next.WaitAsync(heartbeat, ct);
            return Wake.Newer;
        }
        catch (TimeoutException)
        {
            return Wake.Heartbeat;
        }
        catch (OperationCanceledException)
        {
            return Wake.Stopped;
        }
    }

    private static SseItem<string> Versioned(string name, long version, TimeSpan? retry) =>
        new(version.ToString(System.Globalization.CultureInfo.InvariantCulture), name)
        {
            EventId = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ReconnectionInterval = retry,
        };

    private static SseItem<string> Heartbeat(LiveOptions o) =>
        new(((int)o.Heartbeat.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture), "heartbeat");
}
