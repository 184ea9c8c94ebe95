using System.Net;
using Portal.LocalCloud.World;

namespace Portal.Tests.Pages;

/// <summary>The dashboard shows what LocalCloud holds, region by region, and what on-call needs when a region or Route 53 fails.</summary>
public class IndexPageTests
{
    private static async Task<string> Board(HttpClient client) => WebUtility.HtmlDecode(await client.GetStringAsync("/?handler=Board"));

    /// <summary>Waits until the dashboard's live part satisfies <paramref name="condition"/>; returns the last HTML seen.</summary>
    private static async Task<string> BoardWhen(HttpClient client, Func<string, bool> condition, string what)
    {
        var html = "";
        Assert.True(await Eventually.Async(async () => condition(html = await Board(client))), $"the dashboard never showed {what}. Last seen:\n{html}");
        return html;
    }

    [Fact]
    public async Task Shows_both_environments_with_both_regions_in_rollout_order_and_what_LocalCloud_holds()
    {
        await using var app = new PortalApplication();
        var client = app.CreateClient();
        var page = WebUtility.HtmlDecode(await client.GetStringAsync("/"));
        Assert.Contains("Local mode — LocalCloud at " + app.LocalCloud.Endpoint.ToString().TrimEnd('/'), page);

        var html = await BoardWhen(client, h => h.Contains("16 of 16 checkers") && h.Contains("weight"), "Route 53 results");
        foreach (var env in new[] { "production", "staging" })
        {
            var section = Page.Section(html, env);
            Assert.True(section.IndexOf("data-region=\"us-east-1\"", StringComparison.Ordinal) < section.IndexOf("data-region=\"us-east-2\"",
                StringComparison.Ordinal));
            foreach (var region in new[] { "us-east-1", "us-east-2" })
            {
                var card = Page.Region(section, region);
                Assert.Contains(">RUNNING<", card);
                Assert.Contains(">v1<", card);
                Assert.Contains("UPDATE_SERVICE", card);
                Assert.Contains("healthy: 16 of 16 checkers", card);
                Assert.Contains("weight <strong>128</strong>", card);
                Assert.Contains(">50% of traffic<", card);
                Assert.Contains("replica ACTIVE", card);
                Assert.Contains($"region {region}", card);
                Assert.Contains(">healthy<", card);
                AppRunnerService service;
                lock (app.LocalCloud.World.Gate) service = app.LocalCloud.World.Services.Single(s => s.Environment == env && s.Region == region);
                Assert.Contains(service.ServiceUrl, card);
            }
        }
        Assert.Contains("protected", Page.Section(html, "production"));
        Assert.DoesNotContain("protected", Page.Section(html, "staging"));
    }

    [Fact]
    public async Task A_service_paused_through_LocalCloud_reads_paused_and_its_traffic_moves_to_the_other_region()
    {
        await using var app = new PortalApplication();
        var client = app.CreateClient();
        await BoardWhen(client, h => h.Contains("16 of 16 checkers"), "Route 53 results");
        lock (app.LocalCloud.World.Gate) app.LocalCloud.World.Services.Single(s => s.Environment == "staging" && s.Region == "us-east-2")
            .Status = ServiceStatus.Paused;

        var html = await BoardWhen(client, h => Page.Region(Page.Section(h, "staging"), "us-east-2").Contains(">0% of traffic<"),
            "the paused region losing its traffic");

        var paused = Page.Region(Page.Section(html, "staging"), "us-east-2");
        Assert.Contains(">PAUSED<", paused);
        Assert.Contains(">paused<", paused);
        Assert.Contains("HTTP 503", paused);
        Assert.Contains(">100% of traffic<", Page.Region(Page.Section(html, "staging"), "us-east-1"));
    }

    [Fact]
    public async Task A_region_outage_shows_that_region_stale_or_down_while_the_other_keeps_updating()
    {
        await using var app = new PortalApplication();
        var client = app.CreateClient();
        await BoardWhen(client, h => h.Contains("16 of 16 checkers"), "Route 53 results");
        app.LocalCloud.Faults.SetRegionDown("us-east-2", true);

        var html = await BoardWhen(client, h => Page.Region(Page.Section(h, "production"), "us-east-2") is var c
            && (c.Contains(">down<") || c.Contains(">stale<")) && c.Contains("ServiceUnavailable"),
            "us-east-2 down or stale with the API error");

        var east2 = Page.Region(Page.Section(html, "production"), "us-east-2");
        Assert.Contains("stale: last read", east2);
        Assert.Contains(">RUNNING<", east2);
        var east1 = Page.Region(Page.Section(html, "production"), "us-east-1");
        Assert.Contains(">healthy<", east1);
        // us-east-1's own reads keep updating; only its replica status, which us-east-2's DescribeTable reports, cannot be read.
        Assert.DoesNotMatch("data-stale=\"(?!GlobalTable\")", east1);
    }

    [Fact]
    public async Task A_route53_control_plane_outage_keeps_the_portals_probes_and_the_last_checker_results_with_their_age()
    {
        await using var app = new PortalApplication();
        var client = app.CreateClient();
        await BoardWhen(client, h => h.Contains("16 of 16 checkers"), "Route 53 results");
        app.LocalCloud.Faults.Route53ControlPlaneDown = true;

        var html = await BoardWhen(client, h => Page.Region(Page.Section(h, "production"), "us-east-1").Contains("Route 53 API failing"),
            "the Route 53 outage note");

        var card = Page.Region(Page.Section(html, "production"), "us-east-1");
        Assert.Contains("healthy: 16 of 16 checkers", card);
        Assert.Contains("stale: last read", card);
        Assert.Contains("HTTP 200 OK (region us-east-1", card);
        Assert.Contains(">healthy<", card);
    }
}

/// <summary>Cuts the dashboard into its environment sections and region cards.</summary>
internal static class Page
{
    public static string Section(string html, string environment) => Between(html, $"<section class=\"environment\" data-environment=\"{environment}\"",
        "</section>");

    public static string Region(string section, string region) => Between(section, $"data-region=\"{region}\"", "</article>");

    private static string Between(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal);
        Assert.True(from >= 0, $"'{start}' not found in the page");
        var to = text.IndexOf(end, from, StringComparison.Ordinal);
        return text[from..(to < 0 ? text.Length : to)];
    }
}
