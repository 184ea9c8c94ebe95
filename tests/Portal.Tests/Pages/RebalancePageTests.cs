using System.Net;
using System.Text.RegularExpressions;
using Portal.Core.Operations;
using Portal.Pages.Environments;
using Portal.Tests.Jobs;

namespace Portal.Tests.Pages;

/// <summary>The Rebalance page: current weights, health and shares, presets, the server-side projection, guardrails, and a real change.</summary>
public sealed partial class RebalancePageTests : IAsyncLifetime
{
    private readonly PortalApplication _app = new();
    private PageClient _page = null!;

    public Task InitializeAsync()
    {
        _page = PageClient.Operator(_app);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private Task<string> PageWhenAsync(Func<string, bool> condition, string what) =>
        _page.WhenAsync("/environments/staging/rebalance", condition, what);

    private static string Row(string html, string region)
    {
        var from = html.IndexOf($"<tr data-region=\"{region}\"", StringComparison.Ordinal);
        Assert.True(from >= 0, $"no row for {region}");
        return html[from..html.IndexOf("</tr>", from, StringComparison.Ordinal)];
    }

    private static string Projected(string html, string region) =>
        ProjectedShare().Match(Row(html, region)) is { Success: true } m ? m.Groups[1].Value : "(none)";

    private static string Weight(string html, string region) =>
        WeightValue().Match(Row(html, region)) is { Success: true } m ? m.Groups[1].Value : "(none)";

    private static Task<HttpResponseMessage> PreviewAsync(PageClient page, params (string, string)[] fields) =>
        page.PostAsync("/environments/staging/rebalance", "Preview", fields);

    [Fact]
    public async Task Shows_each_regions_weight_health_and_share_and_starts_the_form_from_the_current_weights()
    {
        var html = await PageWhenAsync(h => h.Contains("16 of 16 checkers") && !h.Contains("not read yet"), "Route 53's readings");

        foreach (var region in new[] { "us-east-1", "us-east-2" })
        {
            var row = Row(html, region);
            Assert.Contains("data-healthy=\"true\"", row);
            Assert.Contains(">healthy<", row);
            Assert.Contains("<td class=\"num\" data-label=\"Weight now\">128</td>", row);
            Assert.Contains("<td class=\"num\" data-label=\"Share now\">50%</td>", row);
            Assert.Equal("128", Weight(html, region));
            Assert.Equal("50%", Projected(html, region));
        }
        Assert.Contains("value=\"even\"", html);
        Assert.Contains(">Drain us-east-1<", html);
        Assert.Contains(">Drain us-east-2<", html);
        Assert.Contains(">Custom<", html);
        Assert.DoesNotContain("data-testid=\"route53-failing\"", html);
    }

    [Fact]
    public async Task Preview_projects_a_drain_preset_on_the_server_and_an_all_zero_split()
    {
        await PageWhenAsync(h => h.Contains("16 of 16 checkers"), "Route 53's readings");

        var drained = await PageClient.HtmlAsync(await PreviewAsync(_page, ("Input.Preset", "drain:us-east-1"), ("Input.Weights[us-east-1]", "128"),
            ("Input.Weights[us-east-2]", "128")));
        Assert.Equal("0", Weight(drained, "us-east-1"));
        Assert.Equal("128", Weight(drained, "us-east-2"));
        Assert.Equal("0%", Projected(drained, "us-east-1"));
        Assert.Equal("100%", Projected(drained, "us-east-2"));
        Assert.Contains("data-confirm=\"Set staging's weights: us-east-1 0 (0%), us-east-2 128 (100%)?\"", drained);
        Assert.DoesNotContain("data-testid=\"refusal\"", drained);

        var custom = await PageClient.HtmlAsync(await PreviewAsync(_page, ("Input.Preset", "custom"), ("Input.Weights[us-east-1]", "192"),
            ("Input.Weights[us-east-2]", "64")));
        Assert.Equal("75%", Projected(custom, "us-east-1"));
        Assert.Equal("25%", Projected(custom, "us-east-2"));

        var allZero = await PageClient.HtmlAsync(await PreviewAsync(_page, ("Input.Weights[us-east-1]", "0"), ("Input.Weights[us-east-2]", "0"),
            ("Input.AllowAllZero", "true")));
        Assert.Equal("50%", Projected(allZero, "us-east-1"));
        Assert.Equal("50%", Projected(allZero, "us-east-2"));
        Assert.DoesNotContain("Nothing was queued", allZero);
        Assert.Equal(0, await PageClient.JobCountAsync(_app));
    }

    [Fact]
    public async Task Setting_weights_queues_the_change_and_Route_53_has_them_when_the_job_ends()
    {
        await PageWhenAsync(h => h.Contains("16 of 16 checkers"), "Route 53's readings");

        var id = await _page.QueueAsync("/environments/production/rebalance", null,
            ("Input.Weights[us-east-1]", "200"), ("Input.Weights[us-east-2]", "56"), ("Input.ConfirmEnvironment", "production"));

        Assert.Equal(OperationState.Succeeded, (await PageClient.FinishedAsync(_app, id)).State);
        Assert.Equal(new Dictionary<string, int> { ["us-east-1"] = 200, ["us-east-2"] = 56 }, await new JobsClient(_app).WeightsAsync("production"));
    }

    [Fact]
    public async Task Draining_the_only_healthy_region_shows_the_guardrails_refusal_and_is_refused()
    {
        await PageWhenAsync(h => h.Contains("16 of 16 checkers"), "Route 53's readings");
        lock (_app.LocalCloud.World.Gate)
            _app.LocalCloud.World.Services.Single(s => s.Environment == "staging" && s.Region == "us-east-2")
                .Status = Portal.LocalCloud.World.ServiceStatus.Paused;
        await PageWhenAsync(h => Row(h, "us-east-2").Contains("data-healthy=\"false\""), "us-east-2 unhealthy");

        var preview = await PageClient.HtmlAsync(await PreviewAsync(_page, ("Input.Preset", "drain:us-east-1"), ("Input.Weights[us-east-1]", "128"),
            ("Input.Weights[us-east-2]", "128")));
        // Route 53 would keep sending to us-east-1 anyway (its only healthy record), and the portal refuses the change.
        Assert.Equal("100%", Projected(preview, "us-east-1"));
        Assert.Contains("The portal will refuse this: this sends all traffic to us-east-2, which is unhealthy or paused, and away from us-east-1, which is " +
            "healthy.", preview);

        var response = await _page.PostAsync("/environments/staging/rebalance", null, ("Input.Weights[us-east-1]", "0"), ("Input.Weights[us-east-2]", "128"));
        var refused = await PageClient.HtmlAsync(response);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Refused: this sends all traffic to us-east-2, which is unhealthy or paused, and away from us-east-1, which is healthy.",
            PageClient.FieldError(refused, "weights"));
        Assert.Equal(0, await PageClient.JobCountAsync(_app));
    }

    [Fact]
    public async Task A_failing_Route_53_API_is_called_out_as_not_needed_for_failover()
    {
        await PageWhenAsync(h => h.Contains("16 of 16 checkers"), "Route 53's readings");
        _app.LocalCloud.Faults.Route53ControlPlaneDown = true;

        var html = await PageWhenAsync(h => h.Contains("data-testid=\"route53-failing\""), "the Route 53 outage");

        Assert.Contains(RebalanceModel.Route53FailingMessage, html);
        Assert.Contains("Last error:", html);
    }

    [GeneratedRegex("data-testid=\"projected\">([^<]*)<")]
    private static partial Regex ProjectedShare();

    [GeneratedRegex("name=\"Input.Weights\\[[^\\]]+\\]\" value=\"([^\"]*)\"")]
    private static partial Regex WeightValue();
}
