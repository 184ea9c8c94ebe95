using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Portal.BrowserTests;

public class FirstPageTests(PortalServer server) : IClassFixture<PortalServer>
{
    private static Task<IBrowser> LaunchAsync(IPlaywright playwright) => Browser.LaunchAsync(playwright);

    private static string ResultFile(string name) => Browser.ResultFile(name);

    [Fact]
    public async Task The_first_page_shows_both_environments_and_both_regions_in_a_real_browser()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });

        await page.GotoAsync(server.SignInUrl());

        await Expect(page.Locator("[data-testid=mode]")).ToContainTextAsync("Local mode — LocalCloud at http://127.0.0.1:");
        foreach (var environment in new[] { "production", "staging" })
        {
            await Expect(page.Locator($"#board [data-environment={environment}] h2")).ToBeVisibleAsync();
            foreach (var region in new[] { "us-east-1", "us-east-2" })
            {
                var card = page.Locator($"#board [data-environment={environment}] [data-region={region}]");
                await Expect(card.Locator("h3")).ToHaveTextAsync(region);
                await Expect(card.Locator("[data-testid=status]")).ToHaveTextAsync("RUNNING", new() { Timeout = 30_000 });
                await Expect(card.Locator(".image-tag")).ToHaveTextAsync("v1");
            }
        }
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = ResultFile("first-page-1280.png"), FullPage = true, Timeout = 90_000 });
    }

    [Fact]
    public async Task The_first_page_stacks_regions_at_phone_width()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 } });

        await page.GotoAsync(server.SignInUrl());
        await Expect(page.Locator("#board [data-environment=production] [data-region=us-east-2]")).ToBeVisibleAsync(new() { Timeout = 30_000 });

        // Both boxes in one evaluation: the live board is swapped as new snapshots arrive.
        var boxes = await page.EvaluateAsync<double[]>("""
            () => ['us-east-1', 'us-east-2'].flatMap(r => {
                const box = document.querySelector(`#board [data-environment=production] [data-region=${r}]`).getBoundingClientRect();
                return [box.y, box.height, box.width];
            })
            """);
        Assert.True(boxes[3] >= boxes[0] + boxes[1], "at phone width the second region sits below the first");
        Assert.True(boxes[2] <= 390, "a region card fits the phone's width");
        var pageWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(pageWidth <= 390, $"the page scrolls sideways ({pageWidth} px wide)");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = ResultFile("first-page-390.png"), FullPage = true, Timeout = 90_000 });
    }

    [Fact]
    public async Task Chart_js_is_served_to_the_browser_from_wwwroot_lib()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(server.SignInUrl());

        var version = await page.EvaluateAsync<string>("""
            async () => {
                const script = document.createElement('script');
                script.src = '/lib/chart.js/dist/chart.umd.js';
                await new Promise((resolve, reject) => { script.onload = resolve; script.onerror = reject; document.head.appendChild(script); });
                return Chart.version;
            }
            """);

        Assert.Equal("4.6.1", version);
    }

    [Fact]
    public async Task An_anonymous_browser_is_sent_to_sign_in_and_the_link_signs_it_in_until_it_signs_out()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await browser.NewPageAsync();

        await page.GotoAsync(server.BaseUrl.ToString());
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin\\?returnUrl=%2F$"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Sign in");

        await page.GotoAsync(server.SignInUrl("/"));
        await Expect(page.Locator("[data-testid=user]")).ToHaveTextAsync("local · Operator");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin$"));
        await page.GotoAsync(server.BaseUrl.ToString());
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin\\?returnUrl="));
    }
}
