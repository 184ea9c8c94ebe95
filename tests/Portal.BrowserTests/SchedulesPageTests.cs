using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Core.Schedules;
using Portal.Jobs.Schedules;
using static Microsoft.Playwright.Assertions;

namespace Portal.BrowserTests;

/// <summary>The Schedules page in a real browser at desktop and phone widths: readable, nothing wider than the screen.</summary>
public class SchedulesPageTests(PortalServer server) : IClassFixture<PortalServer>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        var schedules = server.Services.GetRequiredService<ScheduleService>();
        if ((await server.Services.GetRequiredService<IScheduleStore>().ListAsync()).Count > 0) return;
        await schedules.SaveAsync(null, LocalDemoSchedule.Draft, LocalDemoSchedule.Actor, null);
        await schedules.SaveAsync(null, new ScheduleDraft("staging", "us-east-2", "0 0 22 ? * SAT", "0 0 6 ? * MON", "Asia/Tokyo", false), "olga", null);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData(1280, 1000)]
    [InlineData(390, 844)]
    public async Task The_schedules_page_shows_fires_savings_and_actions_within_the_screen(int width, int height)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });

        await page.GotoAsync(server.SignInUrl("/schedules"));

        await Expect(page.Locator("[data-testid=schedule]")).ToHaveCountAsync(2);
        await Expect(page.Locator("[data-testid=fires] li")).ToHaveCountAsync(12);
        await Expect(page.Locator("[data-testid=formula]").First).ToContainTextAsync("per instance-hour");
        await page.Locator("details.confirm summary", new() { HasText = "Delete" }).First.ClickAsync();
        await Expect(page.Locator("button.danger", new() { HasText = "Delete schedule" }).First).ToBeVisibleAsync();

        var pageWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(pageWidth <= width, $"the page scrolls sideways ({pageWidth} px wide at {width})");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ResultFile($"schedules-{width}.png"), FullPage = true, Timeout = 90_000 });
    }

    [Theory]
    [InlineData(1280, 1000)]
    [InlineData(390, 844)]
    public async Task The_form_shows_each_refusal_beside_its_field(int width, int height)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        await page.GotoAsync(server.SignInUrl("/schedules/edit"));

        await page.FillAsync("#Input_PauseCron", "0 20 * *");
        await page.FillAsync("#Input_ResumeCron", "0 8 * * 1-5");
        await page.FillAsync("#Input_TimeZone", "Eastern Standard Time");
        // The form's own button: the top bar's sign-out is a submit button too.
        await page.ClickAsync("form.schedule-form button[type=submit]");

        await Expect(page.Locator("[data-testid=error-pauseCron]")).ToContainTextAsync("has 4 fields; use a 5-field crontab line");
        await Expect(page.Locator("[data-testid=error-timeZone]")).ToContainTextAsync("use its IANA id, America/New_York");
        var pageWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(pageWidth <= width, $"the form scrolls sideways ({pageWidth} px wide at {width})");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ResultFile($"schedule-form-{width}.png"), FullPage = true, Timeout = 90_000 });
    }
}
