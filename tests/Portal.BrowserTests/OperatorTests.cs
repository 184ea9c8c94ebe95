using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Portal.BrowserTests;

/// <summary>An operator at work in Chromium: deploy and watch the job live, rebalance with the projection, the lists; at desk and phone widths.</summary>
public class OperatorTests(PortalServer server) : IClassFixture<PortalServer>
{
    private static readonly LocatorAssertionsToHaveTextOptions Patient = new() { Timeout = 30_000 };

    private static async Task<(IPage Page, List<string> Problems)> OpenAsync(IBrowser browser, int width, int height)
    {
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        var problems = new List<string>();
        page.PageError += (_, e) => problems.Add(e);
        // Chromium reports what the content security policy blocked (inline script or style) on the console.
        page.Console += (_, m) => { if (m.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) problems.Add(m.Text); };
        return (page, problems);
    }

    private static Task ShotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ResultFile(name), FullPage = true, Timeout = 90_000 });

    [Fact]
    public async Task An_operator_deploys_a_tag_and_watches_its_steps_succeed_without_a_reload()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        var (page, problems) = await OpenAsync(browser, 1280, 1000);

        await page.GotoAsync(server.SignInUrl("/environments/staging/deploy"));
        var running = page.Locator("[data-testid=current-images] tr[data-region=us-east-2]");
        await Expect(running).ToContainTextAsync("RUNNING", new() { Timeout = 30_000 });
        await Expect(running).ToContainTextAsync("v1");
        await ShotAsync(page, "deploy-1280.png");

        await page.FillAsync("#imageTag", "v2");
        await page.ClickAsync("[data-testid=deploy]");
        await Expect(page).ToHaveURLAsync(new Regex("/jobs/op-[0-9a-f]+$"));
        await page.EvaluateAsync("window.__noReload = true");

        // A step seen running, then the same row succeeded: the log moves under the operator's eyes.
        var runningStep = page.Locator("[data-testid=steps] tr[data-step-state=Running]").First;
        await Expect(runningStep).ToBeVisibleAsync(new() { Timeout = 30_000 });
        var name = await runningStep.GetAttributeAsync("data-step");
        await ShotAsync(page, "job-running-1280.png");
        await Expect(page.Locator($"[data-testid=steps] tr[data-step=\"{name}\"]"))
            .ToHaveAttributeAsync("data-step-state", "Succeeded", new() { Timeout = 30_000 });

        await Expect(page.Locator("[data-testid=job-state]")).ToHaveTextAsync("Succeeded", new() { Timeout = 60_000 });
        await Expect(page.Locator("[data-testid=outcome]")).ToContainTextAsync("Deployed v2 to us-east-1, us-east-2");
        await Expect(page.Locator("[data-testid=steps] tr[data-step=\"us-east-2: bake 2 s\"]")).ToHaveAttributeAsync("data-step-state", "Succeeded");
        Assert.True(await page.EvaluateAsync<bool>("window.__noReload === true"), "the page reloaded");
        await ShotAsync(page, "job-succeeded-1280.png");

        // The same job at phone width, and the lists that now hold it.
        var (phone, phoneProblems) = await OpenAsync(browser, 390, 844);
        await phone.GotoAsync(server.SignInUrl(new Uri(page.Url).AbsolutePath));
        await Expect(phone.Locator("[data-testid=job-state]")).ToHaveTextAsync("Succeeded");
        await ShotAsync(phone, "job-succeeded-390.png");
        await phone.GotoAsync(new Uri(server.BaseUrl, "/jobs").ToString());
        await Expect(phone.Locator("[data-testid=jobs] tr[data-job]")).ToHaveCountAsync(1);
        await ShotAsync(phone, "jobs-390.png");
        await page.GotoAsync(new Uri(server.BaseUrl, "/jobs").ToString());
        await ShotAsync(page, "jobs-1280.png");
        await page.GotoAsync(new Uri(server.BaseUrl, "/audit").ToString());
        await Expect(page.Locator("[data-testid=audit] tr[data-action=deploy][data-outcome=succeeded]")).ToHaveCountAsync(1);
        await ShotAsync(page, "audit-1280.png");
        await phone.GotoAsync(new Uri(server.BaseUrl, "/audit").ToString());
        await ShotAsync(phone, "audit-390.png");
        await phone.GotoAsync(new Uri(server.BaseUrl, "/environments/staging/deploy").ToString());
        await Expect(phone.Locator("[data-testid=rollback]")).ToBeVisibleAsync();
        await ShotAsync(phone, "deploy-390.png");

        Assert.Empty(problems);
        Assert.Empty(phoneProblems);
    }

    [Fact]
    public async Task The_projected_share_follows_the_weights_as_they_are_typed_and_presets_fill_them()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        var (page, problems) = await OpenAsync(browser, 1280, 1000);

        await page.GotoAsync(server.SignInUrl("/environments/production/rebalance"));
        var east1 = page.Locator("[data-projected-for=us-east-1]");
        var east2 = page.Locator("[data-projected-for=us-east-2]");
        // The page starts from Route 53's weights once the collector has read them.
        await Expect(page.Locator("tr[data-region=us-east-1] [data-weight-input]")).ToHaveValueAsync("128", new() { Timeout = 30_000 });
        await page.EvaluateAsync("window.__noReload = true");

        await page.ClickAsync("button:has-text('Drain us-east-1')");
        await Expect(page.Locator("tr[data-region=us-east-1] [data-weight-input]")).ToHaveValueAsync("0");
        await Expect(east1).ToHaveTextAsync("0%");
        await Expect(east2).ToHaveTextAsync("100%");

        await page.FillAsync("tr[data-region=us-east-1] [data-weight-input]", "192");
        await page.FillAsync("tr[data-region=us-east-2] [data-weight-input]", "64");
        await Expect(east1).ToHaveTextAsync("75%");
        await Expect(east2).ToHaveTextAsync("25%");
        await Expect(page.Locator("[data-preset-custom]")).ToHaveAttributeAsync("aria-pressed", "true");

        await page.FillAsync("tr[data-region=us-east-1] [data-weight-input]", "0");
        await page.FillAsync("tr[data-region=us-east-2] [data-weight-input]", "0");
        await Expect(east1).ToHaveTextAsync("50%");
        await Expect(page.Locator("#allowAllZero")).ToBeVisibleAsync();
        await page.FillAsync("tr[data-region=us-east-1] [data-weight-input]", "");
        await Expect(east1).ToHaveTextAsync("—");
        await page.ClickAsync("button:has-text('Even split')");
        await Expect(east1).ToHaveTextAsync("50%");
        Assert.True(await page.EvaluateAsync<bool>("window.__noReload === true"), "the page reloaded");
        await page.FillAsync("tr[data-region=us-east-2] [data-weight-input]", "255");
        await ShotAsync(page, "rebalance-1280.png");

        var (phone, phoneProblems) = await OpenAsync(browser, 390, 844);
        await phone.GotoAsync(server.SignInUrl("/environments/production/rebalance"));
        await Expect(phone.Locator("tr[data-region=us-east-1] [data-weight-input]")).ToHaveValueAsync("128", new() { Timeout = 30_000 });
        await ShotAsync(phone, "rebalance-390.png");
        await phone.GotoAsync(new Uri(server.BaseUrl, "/environments/production/pause-resume").ToString());
        await ShotAsync(phone, "pause-resume-390.png");
        await page.GotoAsync(new Uri(server.BaseUrl, "/environments/production/pause-resume").ToString());
        await ShotAsync(page, "pause-resume-1280.png");

        Assert.Empty(problems);
        Assert.Empty(phoneProblems);
    }

    [Fact]
    public async Task A_refused_deploy_shows_each_reason_next_to_its_field()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        var (page, problems) = await OpenAsync(browser, 1280, 1000);

        await page.GotoAsync(server.SignInUrl("/environments/production/deploy"));
        await page.FillAsync("#imageTag", "v2:latest");
        await page.FillAsync("#confirmEnvironment", "Production");
        await page.ClickAsync("[data-testid=deploy]");

        await Expect(page.Locator("[data-testid=error-summary]")).ToContainTextAsync("Nothing was queued");
        await Expect(page.Locator("#imageTag-error")).ToContainTextAsync("'v2:latest' is not an image tag");
        await Expect(page.Locator("#confirmEnvironment-error")).ToContainTextAsync("type its name, 'production'");
        await Expect(page.Locator("#imageTag")).ToHaveValueAsync("v2:latest");
        await Expect(page.Locator("#confirmEnvironment")).ToHaveValueAsync("");
        await ShotAsync(page, "deploy-refused-1280.png");
        Assert.Empty(problems);
    }
}
