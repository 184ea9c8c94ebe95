using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Portal.Tests.Status;

/// <summary>A read that fails is shown stale with its age and error, in the card, the region page and the JSON alike.</summary>
public sealed class WhatOnCallSeesTests : IAsyncLifetime
{
    private readonly PortalApplication _app = new();
    private static readonly HttpClient Loopback = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task FaultAsync(string path, object body)
    {
        using var response = await Loopback.PostAsync(new Uri(_app.LocalCloud.Endpoint, path), JsonContent.Create(body));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<JsonElement> RegionWhenAsync(HttpClient client, string region, Func<JsonElement, bool> condition)
    {
        var last = default(JsonElement);
        Assert.True(await Eventually.Async(async () =>
        {
            using var response = await client.GetAsync("/api/environments/production/status");
            if (!response.IsSuccessStatusCode) return false;
            last = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("regions").EnumerateArray()
                .Single(r => r.GetProperty("region").GetString() == region);
            return condition(last);
        }), $"{region} never satisfied the condition: {last}");
        return last;
    }

    [Fact]
    public async Task A_failing_DescribeTable_is_shown_stale_with_age_and_error_not_as_a_healthy_replica()
    {
        var client = _app.CreateClient();
        await RegionWhenAsync(client, "us-east-1", r => r.GetProperty("replicaStatus").ValueKind == JsonValueKind.String);

        await FaultAsync("/_localcloud/faults/throttle", new { fraction = 1.0, service = "dynamodb" });
        var region = await RegionWhenAsync(client, "us-east-1", r => r.GetProperty("staleReasons").EnumerateArray()
            .Any(s => s.GetString()!.StartsWith("DynamoDB global table: stale: last read", StringComparison.Ordinal)));

        Assert.True(region.GetProperty("stale").GetBoolean());
        Assert.Contains("DescribeTable failing", region.GetProperty("verdict").ToString());
        var card = await client.GetStringAsync("/");
        Assert.Contains("data-stale=\"GlobalTable\"", card);
        var page = WebUtility.HtmlDecode(await client.GetStringAsync("/environments/production/regions/us-east-1"));
        Assert.Matches("stale: last read [^<]*Throttl", page);
    }

    [Fact]
    public async Task A_replication_lag_spike_makes_the_region_degraded_with_the_lag_in_the_reason()
    {
        var client = _app.CreateClient();
        await RegionWhenAsync(client, "us-east-1", r => r.GetProperty("verdict").GetProperty("level").GetString() == "healthy");

        await FaultAsync("/_localcloud/faults/replication-lag", new { multiplier = 200 });
        var region = await RegionWhenAsync(client, "us-east-1", r => r.GetProperty("verdict").GetProperty("level").GetString() == "degraded");

        Assert.Matches(@"DynamoDB replication lag to us-east-2 \d+\.\d s \(over 10 s\)", region.GetProperty("verdict").GetProperty("reason").GetString());
    }
}
