using System.Text.Json;

namespace Portal.Tests.Status;

/// <summary>
/// With GetHealthCheckStatus's budget starved (one call, then one every 1000 s), every region still has Route 53's
/// verdict of known age, from CloudWatch's HealthCheckStatus, on the dashboard and in the status API.
/// </summary>
public sealed class FleetHealthFromCloudWatchTests : IAsyncLifetime
{
    private readonly PortalApplication _app = new PortalApplication()
        .With("Portal:Budgets:HealthCheckStatusPerSecond", "0.001")
        .With("Portal:Budgets:HealthCheckStatusBurst", "1");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task With_GetHealthCheckStatus_starved_the_dashboard_shows_each_region_health_from_CloudWatch()
    {
        var client = _app.CreateClient();

        var (regions, done) = await Eventually.ValueAsync(async () =>
        {
            using var environments = JsonDocument.Parse(await client.GetStringAsync("/api/environments"));
            return environments.RootElement.EnumerateArray().SelectMany(e => e.GetProperty("regions").EnumerateArray()).Select(r => r.Clone()).ToList();
        }, all => all.Count > 0 && all.All(r => r.TryGetProperty("route53Health", out var h) && h.ValueKind == JsonValueKind.Object
            && h.GetProperty("source").GetString() == "cloudwatch" && r.GetProperty("verdict").GetProperty("level").GetString() == "healthy"));

        Assert.True(done, $"not every region has a healthy verdict from CloudWatch: {string.Join("\n", regions)}");
        const string fromCloudWatch = @"^healthy, 100% of checkers healthy \(CloudWatch HealthCheckStatus for the minute of \d\d:\d\d UTC, read [^)]+\)$";
        Assert.All(regions, r => Assert.Matches(fromCloudWatch, r.GetProperty("route53Health").GetProperty("text").GetString()));

        var dashboard = await client.GetStringAsync("/");
        Assert.Equal(regions.Count, dashboard.Split("data-testid=\"route53-health\" data-source=\"cloudwatch\"").Length - 1);
        Assert.Contains("Route 53 checker detail every", System.Net.WebUtility.HtmlDecode(dashboard));

        // What LocalCloud served: the burst's one read of checkers (an environment's regions together), no more.
        using var http = new HttpClient();
        using var stats = JsonDocument.Parse(await http.GetStringAsync(new Uri(_app.LocalCloud.Endpoint, "/_localcloud/stats")));
        var byOperation = stats.RootElement.GetProperty("byOperation");
        Assert.True(byOperation.GetProperty("monitoring:GetMetricData").GetInt64() > 0);
        var checkerCalls = byOperation.TryGetProperty("route53:GetHealthCheckStatus", out var n) ? n.GetInt64() : 0;
        Assert.InRange(checkerCalls, 0, 5);
    }
}
