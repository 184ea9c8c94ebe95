using Microsoft.Playwright;

namespace Portal.BrowserTests;

/// <summary>Hangfire's dashboard works under the portal's Content-Security-Policy: no page logs a console error or a refused resource.</summary>
public class JobsDashboardTests(PortalServer server) : IClassFixture<PortalServer>
{
    private static readonly string[] Pages =
    [
        "/hangfire", "/hangfire/jobs/enqueued", "/hangfire/jobs/scheduled", "/hangfire/jobs/processing", "/hangfire/jobs/succeeded",
        "/hangfire/jobs/failed", "/hangfire/jobs/deleted", "/hangfire/jobs/awaiting", "/hangfire/retries", "/hangfire/recurring",
        "/hangfire/servers",
    ];

    [Fact]
    public async Task Every_dashboard_page_loads_without_console_errors_for_an_operator()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(server.SignInUrl());
        // What the dashboard's pages log (the portal's own first page, still loading its icon as we leave, is not one).
        var errors = new List<string>();
        void Add(string what) { if (new Uri(page.Url).AbsolutePath.StartsWith("/hangfire", StringComparison.Ordinal)) errors.Add($"{page.Url}: {what}"); }
        page.Console += (_, message) => { if (message.Type == "error") Add(message.Text); };
        page.PageError += (_, error) => Add(error);
        page.RequestFailed += (_, request) => Add($"request failed {request.Url}");
        page.Response += (_, response) => { if (response.Status >= 400) Add($"{response.Status} from {response.Url}"); };

        foreach (var path in Pages)
        {
            var response = await page.GotoAsync(new Uri(server.BaseUrl, path).ToString());
            Assert.True(response?.Status == 200, $"{path} answered {response?.Status}");
            // Two of Hangfire's stats polls (every 2 s): a refused script or a failed poll shows by then.
            await page.WaitForTimeoutAsync(2500);
        }
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ResultFile("hangfire-servers.png"), FullPage = true });

        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }
}
