using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Core.Services;
using static Microsoft.Playwright.Assertions;

namespace Portal.BrowserTests;

/// <summary>The dashboard as on-call sees it in Chromium: both regions, charts drawn, and live updates without a reload.</summary>
public class DashboardTests(PortalServer server) : IClassFixture<PortalServer>
{
    private static readonly LocatorAssertionsToHaveTextOptions Patient = new() { Timeout = 30_000 };

    // Counts the x-axis ticks left by the portal's own tick builder on every layout, the first one inside the Chart
    // constructor included: an axis laid out over the wrong span once built 333,333 ticks per chart and froze the
    // page for half a minute. A plugin wraps each x scale's afterBuildTicks, which runs the portal's callback.
    private const string TickProbe = """
        window.__mostXTicks = 0;
        Object.defineProperty(window, 'Chart', { configurable: true, get: () => undefined, set(chart) {
            delete window.Chart;
            window.Chart = chart;
            chart.register({ id: 'tick-probe', afterDataLimits: (c, { scale }) => {
                if (scale.id !== 'x' || scale.tickProbe) return;
                scale.tickProbe = true;
                const afterBuildTicks = scale.afterBuildTicks;
                scale.afterBuildTicks = function () {
                    afterBuildTicks.call(this);
                    window.__mostXTicks = Math.max(window.__mostXTicks, this.ticks.length);
                };
            } });
        } });
        """;

    [Fact]
    public async Task The_dashboard_shows_both_regions_draws_the_charts_and_shows_a_pause_without_a_reload()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 1000 } });
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        // Chromium reports what the content security policy blocked (inline script or style) on the console.
        var blocked = new List<string>();
        page.Console += (_, m) => { if (m.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) blocked.Add(m.Text); };

        await page.GotoAsync(server.SignInUrl());
        foreach (var region in new[] { "us-east-1", "us-east-2" })
        {
            var card = page.Locator($"#board [data-environment=staging] [data-region={region}]");
            await Expect(card.Locator("[data-testid=verdict]")).ToHaveTextAsync("healthy", Patient);
            await Expect(card.Locator("[data-testid=health-check]")).ToContainTextAsync("16 of 16 checkers");
        }

        // Charts draw once CloudWatch has a minute of the traffic LocalCloud generates.
        await WaitForChartDataAsync(page);

        await Expect(page.Locator("[data-testid=live-state]")).ToHaveTextAsync("live", Patient);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ResultFile("dashboard-before-pause.png"), FullPage = false });

        // A marker that a reload would wipe: the pause must arrive through the live stream. An open checker list
        // and the scroll position must survive the swap of the region cards.
        await page.EvaluateAsync("window.__noReload = true");
        var checkers = page.Locator("#board [data-environment=staging] [data-region=us-east-2] details.checkers");
        await checkers.Locator("summary").ClickAsync();
        await page.EvaluateAsync("window.scrollTo(0, 120)");
        var arn = server.LocalCloud.World.Environments.Single(e => e.Name == "staging").Regions.Single(r => r.Region == "us-east-2").ServiceArn;
        await server.Services.GetRequiredService<IServiceRuntime>().PauseAsync("us-east-2", arn);

        var paused = page.Locator("#board [data-environment=staging] [data-region=us-east-2]");
        await Expect(paused.Locator("[data-testid=verdict]")).ToHaveTextAsync("paused", Patient);
        await Expect(paused.Locator("[data-testid=status]")).ToHaveTextAsync("PAUSED");
        Assert.True(await page.EvaluateAsync<bool>("window.__noReload === true"), "the page reloaded");
        Assert.True(await checkers.EvaluateAsync<bool>("d => d.open"), "the open checker list was closed by the update");
        Assert.Equal(120, await page.EvaluateAsync<int>("Math.round(window.scrollY)"));
        await Expect(page.Locator("[data-testid=live-state]")).ToHaveTextAsync("live");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ResultFile("dashboard-after-pause.png"), FullPage = false });
        Assert.Empty(errors);
        Assert.Empty(blocked);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ResultFile("dashboard-1280.png"), FullPage = true, Timeout = 90_000 });
    }

    [Fact]
    public async Task The_indicator_says_reconnecting_then_stale_since_when_the_stream_is_lost_and_live_once_it_is_back()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(server.SignInUrl());
        var indicator = page.Locator("[data-testid=live-state]");
        await Expect(indicator).ToHaveTextAsync("live", Patient);

        // The portal goes away for this browser: the open stream fails and every reconnect is refused.
        await page.RouteAsync("**/live/status*", route => route.AbortAsync());
        await context.SetOfflineAsync(true);
        await Expect(indicator).ToHaveAttributeAsync("data-live-state", "reconnecting", new() { Timeout = 30_000 });
        await Expect(indicator).ToHaveTextAsync(new Regex(@"^stale since \d\d:\d\d:\d\d UTC$"), Patient);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ResultFile("dashboard-stale.png"), FullPage = false });

        await context.SetOfflineAsync(false);
        await page.UnrouteAsync("**/live/status*");
        await Expect(indicator).ToHaveTextAsync("live", new LocatorAssertionsToHaveTextOptions { Timeout = 60_000 });
    }

    [Fact]
    public async Task A_chart_with_a_single_minute_of_data_is_laid_out_over_its_range()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 1000 } });
        await page.AddInitScriptAsync(TickProbe);
        // A portal that has just started has one minute per series: Chart.js widens a one-point axis by 5% of
        // epoch ms. The real answer, cut to its newest point per series.
        await page.RouteAsync("**/api/environments/*/metrics?*", async route =>
        {
            var response = await route.FetchAsync();
            var body = System.Text.Json.Nodes.JsonNode.Parse(await response.TextAsync())!;
            foreach (var (_, byRegion) in body["series"]!.AsObject())
                foreach (var (_, points) in byRegion!.AsObject())
                {
                    var list = points!.AsArray();
                    while (list.Count > 1) list.RemoveAt(0);
                }
            await route.FulfillAsync(new RouteFulfillOptions { Response = response, Body = body.ToJsonString() });
        });

        await page.GotoAsync(server.SignInUrl());
        await WaitForChartDataAsync(page);

        Assert.InRange(await page.EvaluateAsync<int>("window.__mostXTicks"), 1, 24);
    }

    private static async Task WaitForChartDataAsync(IPage page)
    {
        var drawn = await page.WaitForFunctionAsync("""
            () => [...document.querySelectorAll('[data-environment=production] canvas')]
                .map(c => window.Chart && Chart.getChart(c))
                .some(chart => chart && chart.data.datasets.some(d => d.data.length > 0))
            """, null, new PageWaitForFunctionOptions { Timeout = 60_000, PollingInterval = 250 });
        Assert.True(await drawn.JsonValueAsync<bool>());
    }

    [Fact]
    public async Task The_region_page_shows_operations_and_checkers_over_time()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 1000 } });

        await page.GotoAsync(server.SignInUrl());
        // The board is swapped on every snapshot, so follow the card's link by its address rather than a click that may land on a replaced node.
        var link = page.Locator("#board [data-environment=production] [data-region=us-east-1] h3 a");
        await Expect(link).ToHaveAttributeAsync("href", "/environments/production/regions/us-east-1", new() { Timeout = 30_000 });
        await page.GotoAsync(new Uri(server.BaseUrl, "/environments/production/regions/us-east-1").ToString());

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/environments/production/regions/us-east-1$"));
        await Expect(page.Locator("body")).ToContainTextAsync("UPDATE_SERVICE");
        await Expect(page.Locator("body")).ToContainTextAsync("CREATE_SERVICE");
        await Expect(page.Locator("body")).ToContainTextAsync("54.243.31.198");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ResultFile("region-1280.png"), FullPage = true, Timeout = 90_000 });

        // The region page follows the live stream too: a pause shows without a reload.
        await page.EvaluateAsync("window.__noReload = true");
        lock (server.LocalCloud.World.Gate)
            server.LocalCloud.World.Services.Single(s => s.Environment == "production" && s.Region == "us-east-1")
                .Status = Portal.LocalCloud.World.ServiceStatus.Paused;
        await Expect(page.Locator("[data-testid=verdict]")).ToContainTextAsync("PAUSED", new() { Timeout = 30_000 });
        Assert.True(await page.EvaluateAsync<bool>("window.__noReload === true"), "the page reloaded");
        await Expect(page.Locator("[data-testid=live-state]")).ToHaveTextAsync("live");
    }
}
