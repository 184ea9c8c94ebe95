using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Status;
using Portal.Live;

namespace Portal.Tests.Live;

/// <summary>A page's status stream keeps the environments it shows "viewed" (read first by the collector) for as long as it is open.</summary>
public sealed class StatusStreamViewedTests
{
    private static HttpRequestMessage Open(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        return request;
    }

    [Fact]
    public async Task The_stream_of_a_region_page_marks_its_environment_viewed_and_an_unknown_environment_is_refused()
    {
        await using var app = new PortalApplication();
        var client = app.CreateClient();
        var viewed = app.Services.GetRequiredService<ViewedEnvironments>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        Assert.DoesNotContain("staging", viewed.Recent());

        using var response = await client.SendAsync(Open(LiveStreams.StatusPathFor(["staging"])), HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var events = new SseReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        Assert.Equal("status", (await events.NextAsync(timeout.Token))?.Type);

        Assert.Contains("staging", viewed.Recent());
        Assert.DoesNotContain("production", viewed.Recent());

        using var unknown = await client.SendAsync(Open(LiveStreams.StatusPathFor(["nope"])), timeout.Token);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("environment: there is no environment 'nope'", await unknown.Content.ReadAsStringAsync(timeout.Token));
    }

    [Fact]
    public async Task The_region_page_and_the_fleet_page_follow_the_status_stream()
    {
        await using var app = new PortalApplication();
        var client = app.CreateClient();
        Assert.True(await Eventually.Async(async () => (await client.GetStringAsync("/fleet")).Contains("data-testid=\"fleet\"", StringComparison.Ordinal)));

        var region = await client.GetStringAsync("/environments/staging/regions/us-east-1");
        Assert.Contains("data-live-stream=\"/live/status?environment=staging\"", region);
        var fleet = await client.GetStringAsync("/fleet?verdict=healthy");
        Assert.Contains("data-live-stream=\"/live/status\"", fleet);
        Assert.Matches("data-live-fragment=\"fleet\" data-live-on=\"status\" data-live-version=\"[1-9][0-9]*\"", fleet);
        Assert.Contains("/js/live.js", fleet);
    }
}
