using Portal.Core.Status;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.LocalCloud.Protocol;

namespace Portal.Tests.Api;

/// <summary>The snapshot as JSON: the documented shape, and no AWS call per viewer (the live stream: Live/LiveStreamsTests).</summary>
public class StatusApiTests
{
    private static async Task<JsonElement> StatusWhen(HttpClient client, string environment, Func<JsonElement, bool> condition)
    {
        var json = default(JsonElement);
        Assert.True(await Eventually.Async(async () =>
        {
            var response = await client.GetAsync($"/api/environments/{environment}/status");
            json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            return response.IsSuccessStatusCode && condition(json);
        }), $"the status never satisfied the condition; last: {json}");
        return json;
    }

    [Fact]
    public async Task Environment_status_has_the_documented_camel_case_fields_for_every_region()
    {
        await using var app = new PortalApplication();
        var client = app.CreateClient();

        var status = await StatusWhen(client, "production", j => j.GetProperty("regions").EnumerateArray()
            .All(r => r.GetProperty("healthCheck").GetProperty("observations").GetArrayLength() == 16 && r.GetProperty("weight")
            .ValueKind == JsonValueKind.Number));

        Assert.Equal("production", status.GetProperty("environment").GetString());
        Assert.True(status.GetProperty("capturedAt").TryGetDateTimeOffset(out _));
        var regions = status.GetProperty("regions").EnumerateArray().ToList();
        Assert.Equal(["us-east-1", "us-east-2"], regions.Select(r => r.GetProperty("region").GetString()));
        foreach (var r in regions)
        {
            Assert.Equal("RUNNING", r.GetProperty("serviceStatus").GetString());
            Assert.Equal("v1", r.GetProperty("image").GetString());
            Assert.Equal("UPDATE_SERVICE", r.GetProperty("latestOperation").GetProperty("type").GetString());
            Assert.Equal(128, r.GetProperty("weight").GetInt32());
            Assert.Equal(0.5, r.GetProperty("trafficShare").GetDouble());
            Assert.Equal("healthy", r.GetProperty("verdict").GetProperty("level").GetString());
            var observation = r.GetProperty("healthCheck").GetProperty("observations")[0];
            foreach (var field in new[] { "region", "ipAddress", "status", "checkedTime" }) Assert.True(observation.TryGetProperty(field, out _), field);
            Assert.True(r.TryGetProperty("replicationLagMs", out _));
            Assert.False(r.GetProperty("stale").GetBoolean());
        }
    }

    [Fact]
    public async Task Replication_lag_and_metrics_arrive_from_cloudwatch()
    {
        await using var app = new PortalApplication();
        var client = app.CreateClient();

        var status = await StatusWhen(client, "production", j => j.GetProperty("regions").EnumerateArray()
            .All(r => r.GetProperty("replicationLagMs").ValueKind == JsonValueKind.Number));

        foreach (var r in status.GetProperty("regions").EnumerateArray())
        {
            Assert.InRange(r.GetProperty("replicationLagMs").GetDouble(), 1, 60_000);
            var lag = Assert.Single(r.GetProperty("replication").EnumerateArray());
            Assert.NotEqual(r.GetProperty("region").GetString(), lag.GetProperty("toRegion").GetString());
        }
    }

    [Fact]
    public async Task All_environments_are_listed_and_an_unknown_one_is_a_404_problem()
    {
        await using var app = new PortalApplication();
        var client = app.CreateClient();
        await StatusWhen(client, "staging", _ => true);

        var all = JsonDocument.Parse(await client.GetStringAsync("/api/environments")).RootElement;
        var unknown = await client.GetAsync("/api/environments/qa/status");

        Assert.Equal(["production", "staging"], all.EnumerateArray().Select(e => e.GetProperty("environment").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Contains("production, staging", await unknown.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_single_portal_collects_itself_says_so_and_reads_first_what_is_asked_for()
    {
        await using var app = new PortalApplication();
        var client = app.CreateClient();
        var viewed = app.Services.GetRequiredService<ViewedEnvironments>();
        Assert.DoesNotContain("staging", viewed.Recent());

        var status = await StatusWhen(client, "staging", j => j.GetProperty("collector").GetProperty("instance").ValueKind == JsonValueKind.String);

        var collector = status.GetProperty("collector");
        Assert.True(collector.GetProperty("thisInstance").GetBoolean());
        Assert.Equal($"collected by {collector.GetProperty("instance").GetString()} (this instance)", collector.GetProperty("text").GetString());
        Assert.Contains("staging", viewed.Recent());
        Assert.DoesNotContain("production", viewed.Recent());
    }

    [Fact]
    public async Task Viewers_cause_no_aws_calls_the_collector_alone_reads_aws()
    {
        // The collector reads once at start and then not for 10 minutes: any call after that would be a viewer's.
        await using var app = new PortalApplication().With("Portal:Status:RefreshInterval", "00:10:00").With("Portal:Status:MetricsInterval", "00:10:00")
            .With("Portal:Status:StaleAfter", "00:20:00");
        var client = app.CreateClient();
        await StatusWhen(client, "production", j => j.GetProperty("regions")[0].GetProperty("weight").ValueKind == JsonValueKind.Number);
        var counter = app.LocalCloud.Services.GetRequiredService<ApiCallCounter>();
        await Task.Delay(500);
        var before = counter.Total;

        for (var i = 0; i < 40; i++)
            await Task.WhenAll(client.GetStringAsync("/"), client.GetStringAsync("/?handler=Board"), client.GetStringAsync("/api/environments"),
                client.GetStringAsync("/api/environments/staging/status"), client.GetStringAsync("/api/environments/production/metrics?range=3h"));

        Assert.Equal(before, counter.Total);
    }
}
