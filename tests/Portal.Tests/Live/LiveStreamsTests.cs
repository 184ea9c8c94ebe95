using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Portal.Core.Operations;
using Portal.Core.Services;
using Portal.Core.Status;
using Portal.Live;
using Portal.Tests.Pages;
using Portal.Tests.Security;

namespace Portal.Tests.Live;

/// <summary>
/// The live streams pages follow: event names and versions on a change, the same access rule as the pages, the per-user
/// limit, and a stream that ends when its viewer leaves, its job ends or the portal stops.
/// </summary>
public sealed partial class LiveStreamsTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private static async Task<HttpResponseMessage> OpenAsync(HttpClient client, string path, CancellationToken ct = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        // As EventSource sends it.
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
    }

    private static async Task<SseReader> ReaderAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new SseReader(await response.Content.ReadAsStreamAsync());
    }

    [GeneratedRegex(@"data-live-fragment=""board"" data-live-on=""status"" data-live-version=""(\d+)""")]
    private static partial Regex BoardVersion();

    [Fact]
    public async Task The_status_stream_sends_versions_only_and_a_newer_status_when_a_region_changes()
    {
        await using var app = new PortalApplication();
        var client = app.CreateClient();
        var board = app.Services.GetRequiredService<StatusBoard>();
        Assert.True(await Eventually.Async(() => Task.FromResult(board.Find("staging")?.Regions.All(r => r.Service.Value is not null) == true)),
            "no first snapshot");
        using var timeout = new CancellationTokenSource(Bound);

        using var response = await OpenAsync(client, LiveStreams.StatusPath);
        Assert.Contains("no-cache", response.Headers.CacheControl?.ToString());
        using var events = await ReaderAsync(response);
        var first = await events.NextAsync(timeout.Token);
        Assert.NotNull(first);
        Assert.Equal("status", first.Type);
        // The version alone: the page fetches what it shows from the page's own template.
        Assert.Equal(first.Id, first.Data);
        Assert.Equal(3000, first.Retry);
        var metrics = await events.NextAsync(timeout.Token);
        Assert.Equal("metrics", metrics?.Type);
        // The collector merges metrics every 500 ms here: the version sent is at most the one held now.
        Assert.InRange(long.Parse(metrics!.Data), 0, board.Metrics.Version);
        Assert.Equal(metrics.Id, metrics.Data);

        var arn = app.LocalCloud.World.Environments.Single(e => e.Name == "staging").Regions.Single(r => r.Region == "us-east-2").ServiceArn;
        await app.Services.GetRequiredService<IServiceRuntime>().PauseAsync("us-east-2", arn);

        // Events until one announces a snapshot in which the region is paused; its version is the one the board fragment carries.
        while (true)
        {
            var next = await events.UntilAsync("status", _ => true, timeout.Token);
            Assert.True(long.Parse(next.Data) > long.Parse(first.Data), $"status {next.Data} after {first.Data}");
            var paused = board.Find("staging")!.Regions.Single(r => r.Region == "us-east-2").Service.Value?.Status == ServiceStatus.Paused;
            if (!paused) continue;
            var fragment = WebUtility.HtmlDecode(await client.GetStringAsync("/?handler=Board", timeout.Token));
            Assert.True(long.Parse(BoardVersion().Match(fragment).Groups[1].Value) >= long.Parse(next.Data));
            Assert.Contains("PAUSED", fragment);
            break;
        }
    }

    [Fact]
    public async Task A_job_stream_announces_each_new_version_as_the_job_page_shows_it_then_ends_with_the_job()
    {
        await using var app = new PortalApplication();
        var client = app.CreateClient();
        var store = app.Services.GetRequiredService<IOperationStore>();
        var job = await store.CreateAsync(new OperationRequest(OperationKind.Resume, "staging", "ana"));
        using var timeout = new CancellationTokenSource(Bound);

        using var response = await OpenAsync(client, LiveStreams.JobPath(job.Id));
        using var events = await ReaderAsync(response);
        var queued = await events.UntilAsync("job", _ => true, timeout.Token);
        Assert.Equal($"{job.Id} {JobVersions.Of((await store.GetAsync(job.Id))!)}", queued.Data);
        Assert.Equal(3000, queued.Retry);

        await store.MarkRunningAsync(job.Id);
        await store.BeginStepAsync(job.Id, "first step", "working");
        var running = JobVersions.Of((await store.GetAsync(job.Id))!);
        Assert.NotEqual($"{job.Id} {running}", queued.Data);
        await events.UntilAsync("job", e => e.Data == $"{job.Id} {running}", timeout.Token);
        var fragment = await client.GetStringAsync($"/jobs/{job.Id}?handler=Live", timeout.Token);
        Assert.Contains($"data-live-version=\"{running}\"", fragment);
        Assert.Contains("first step", fragment);

        await store.FinishAsync(job.Id, OperationState.Succeeded, "Done for the test.");
        var finished = JobVersions.Of((await store.GetAsync(job.Id))!);
        await events.UntilAsync("job", e => e.Data == $"{job.Id} {finished}", timeout.Token);
        var end = await events.NextAsync(timeout.Token);
        Assert.Equal(("end", job.Id), (end?.Type, end?.Data));
        Assert.Null(await events.NextAsync(timeout.Token));
    }

    [Fact]
    public async Task A_stream_for_an_unknown_job_is_404()
    {
        await using var app = new PortalApplication();
        using var response = await OpenAsync(app.CreateClient(), LiveStreams.JobPath("op-000000000000"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Streams_refuse_an_anonymous_browser_and_a_user_without_a_role_and_serve_a_viewer()
    {
        await using var host = new SecureHost(app => PageClient.WithViewer(app));
        foreach (var path in new[] { LiveStreams.StatusPath, LiveStreams.JobPath("op-000000000000") })
        {
            using var anonymous = await OpenAsync(host.Anonymous(), path);
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            using var nobody = await OpenAsync(host.WithBearer(SecureHost.Jwt(["marketing"])), path);
            Assert.Equal(HttpStatusCode.Forbidden, nobody.StatusCode);
        }

        using var timeout = new CancellationTokenSource(Bound);
        using var viewer = await OpenAsync(await host.SignedInViewerAsync(), LiveStreams.StatusPath, timeout.Token);
        using var events = await ReaderAsync(viewer);
        Assert.Equal("status", (await events.NextAsync(timeout.Token))?.Type);
    }

    [Fact]
    public async Task A_user_at_the_limit_is_refused_with_429_until_a_stream_closes_and_a_closed_stream_is_released()
    {
        await using var app = new PortalApplication().With("Portal:Live:MaxStreamsPerUser", "2");
        var client = app.CreateClient();
        var connections = app.Services.GetRequiredService<LiveConnections>();
        using var timeout = new CancellationTokenSource(Bound);

        var first = await OpenAsync(client, LiveStreams.StatusPath, timeout.Token);
        using var second = await OpenAsync(client, LiveStreams.StatusPath, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        using (var third = await OpenAsync(client, LiveStreams.StatusPath, timeout.Token))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
            Assert.Contains("MaxStreamsPerUser", await third.Content.ReadAsStringAsync(timeout.Token));
        }

        // The viewer leaves: its stream ends on the server and the slot is free again.
        first.Dispose();
        Assert.True(await Eventually.Async(() => Task.FromResult(connections.OpenFor("local-token") < 2)), "the closed stream still counts");
        using var again = await OpenAsync(client, LiveStreams.StatusPath, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task Open_streams_end_cleanly_when_the_portal_shuts_down()
    {
        await using var app = new PortalApplication();
        var client = app.CreateClient();
        var store = app.Services.GetRequiredService<IOperationStore>();
        var job = await store.CreateAsync(new OperationRequest(OperationKind.Resume, "production", "ana"));
        using var timeout = new CancellationTokenSource(Bound);
        using var status = await ReaderAsync(await OpenAsync(client, LiveStreams.StatusPath, timeout.Token));
        using var jobEvents = await ReaderAsync(await OpenAsync(client, LiveStreams.JobPath(job.Id), timeout.Token));
        Assert.NotNull(await status.NextAsync(timeout.Token));
        Assert.NotNull(await jobEvents.NextAsync(timeout.Token));

        app.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();

        // Each stream runs out (the end of the body), not into the timeout.
        while (await status.NextAsync(timeout.Token) is not null) { }
        while (await jobEvents.NextAsync(timeout.Token) is not null) { }
        Assert.False(timeout.IsCancellationRequested);
    }
}
