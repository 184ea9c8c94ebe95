using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Portal.Tests.Status;

/// <summary>AWS's throttling answers slow the collector down and are never silent: the dashboard, the fleet page and the API say so.</summary>
public sealed class ThrottlingShownTests : IAsyncLifetime
{
    private readonly PortalApplication _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Route_53_throttling_injected_by_LocalCloud_is_shown_on_the_dashboard_the_fleet_page_and_in_the_API()
    {
        var client = _app.CreateClient();
        // The board lists the environments once the collector has read them; until then there is nothing to judge.
        var (listed, read) = await Eventually.ValueAsync(async () => await client.GetStringAsync("/api/environments"),
            body =>
            {
                using var document = JsonDocument.Parse(body);
                return document.RootElement.GetArrayLength() > 0;
            });
        Assert.True(read, $"no environment was ever listed: {listed}");
        using (var before = JsonDocument.Parse(listed))
            Assert.All(before.RootElement.EnumerateArray(), e => Assert.Empty(e.GetProperty("collector").GetProperty("throttling").EnumerateArray()));

        using var http = new HttpClient();
        using (var fault = await http.PostAsync(new Uri(_app.LocalCloud.Endpoint, "/_localcloud/faults/throttle"),
            JsonContent.Create(new { fraction = 1.0, service = "route53" })))
            Assert.True(fault.IsSuccessStatusCode, await fault.Content.ReadAsStringAsync());

        var (notices, done) = await Eventually.ValueAsync(async () =>
        {
            using var environments = JsonDocument.Parse(await client.GetStringAsync("/api/environments"));
            return environments.RootElement.EnumerateArray().Take(1)
                .SelectMany(e => e.GetProperty("collector").GetProperty("throttling").EnumerateArray()).Select(n => n.GetString()!).ToList();
        }, n => n.Any(s => s.StartsWith("Route 53 (all calls) throttled", StringComparison.Ordinal)));

        Assert.True(done, $"the API never said Route 53 throttled: {string.Join(" | ", notices)}");
        Assert.Matches(@"^Route 53 \(all calls\) throttled \d+ calls? in the last 10 min; " +
            @"(reading every .+ instead of .+|calls slowed to [\d.]+/s of its [\d.]+/s budget, recovering; reads keep their pace)",
            notices.First(n => n.StartsWith("Route 53 (all calls)", StringComparison.Ordinal)));
        var dashboard = WebUtility.HtmlDecode(await client.GetStringAsync("/"));
        Assert.Contains("data-testid=\"throttling\">Route 53 (all calls) throttled", dashboard);
        var fleet = WebUtility.HtmlDecode(await client.GetStringAsync("/fleet"));
        Assert.Contains("data-testid=\"throttling\">Route 53 (all calls) throttled", fleet);
    }
}
