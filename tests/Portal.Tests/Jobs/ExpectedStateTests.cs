using System.Net;
using System.Text.Json;
using Portal.Tests.Pages;

namespace Portal.Tests.Jobs;

/// <summary>An action names the state its caller saw and is refused, saying what changed, when the world has moved on.</summary>
public sealed class ExpectedStateTests : PortalPerTest
{
    // Not found until the collector's first read.
    private async Task<string> StatusAsync()
    {
        using var response = await Jobs.Http.GetAsync("/api/environments/staging/status");
        return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : "";
    }

    private async Task BoardReadAsync() =>
        Assert.True(await Eventually.Async(async () => (await StatusAsync()).Contains("\"weight\":128")), "the board never read staging's weights");

    [Fact]
    public async Task A_rebalance_expecting_weights_that_have_changed_is_refused_and_queues_nothing()
    {
        await BoardReadAsync();
        var response = await Jobs.PostAsync("/api/environments/staging/weights", new
        {
            weights = new Dictionary<string, int> { ["us-east-1"] = 200, ["us-east-2"] = 55 },
            expected = new Dictionary<string, object> { ["us-east-1"] = new { weight = 255 }, ["us-east-2"] = new { weight = 128 } },
        });
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
        Assert.StartsWith("changed since you looked: us-east-1's weight is 128 now; you saw 255.",
            errors.GetProperty("expected.us-east-1.weight")[0].GetString());
        Assert.False(errors.TryGetProperty("expected.us-east-2.weight", out _), text);
        Assert.Equal(0, await Jobs.JobCountAsync());
    }

    [Fact]
    public async Task A_pause_expecting_what_is_still_true_goes_ahead()
    {
        await BoardReadAsync();
        await Jobs.AcceptedAsync("/api/environments/STAGING/pause", new
        {
            region = "us-east-2",
            expected = new Dictionary<string, object> { ["US-EAST-2"] = new { image = "v1", weight = 128, status = "RUNNING" } },
        });
    }

    [Fact]
    public async Task An_expected_field_of_the_wrong_shape_is_a_field_error()
    {
        var response = await Jobs.PostAsync("/api/environments/staging/pause",
            new { expected = new Dictionary<string, object> { ["us-east-1"] = new { status = "SLEEPING", colour = "red" } } });
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("RUNNING, PAUSED, OPERATION_IN_PROGRESS", errors.GetProperty("expected.us-east-1.status")[0].GetString());
        Assert.True(errors.TryGetProperty("expected.us-east-1.colour", out _));
    }

    [Fact]
    public async Task The_rebalance_page_posts_the_weights_it_showed_and_is_refused_when_they_changed()
    {
        await BoardReadAsync();
        var page = PageClient.Operator(App);
        var html = await page.Http.GetStringAsync("/environments/staging/rebalance");
        Assert.Contains("name=\"Expected[us-east-1].Weight\" value=\"128\"", html);

        // Someone else's rebalance lands between reading the page and pressing the button.
        var other = await Jobs.AcceptedAsync("/api/environments/staging/weights",
            new { weights = new Dictionary<string, int> { ["us-east-1"] = 255, ["us-east-2"] = 1 } });
        Assert.Equal("Succeeded", (await Jobs.FinishedAsync(other)).GetProperty("state").GetString());
        Assert.True(await Eventually.Async(async () => (await StatusAsync()).Contains("\"weight\":255")), "the board never read the new weights");

        var response = await page.Http.PostAsync("/environments/staging/rebalance", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Weights[us-east-1]"] = "0", ["Input.Weights[us-east-2]"] = "255",
            ["Expected[us-east-1].Weight"] = "128", ["Expected[us-east-2].Weight"] = "128",
            ["__RequestVerificationToken"] = Security.SecureHost.AntiforgeryToken(html),
        }));
        var refused = await PageClient.HtmlAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("changed since you looked: us-east-1's weight is 255 now; you saw 128.", PageClient.ErrorSummary(refused));
        Assert.Equal(1, await Jobs.JobCountAsync());
    }
}
