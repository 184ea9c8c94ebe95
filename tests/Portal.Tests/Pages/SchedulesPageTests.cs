using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Schedules;
using Portal.Jobs.Schedules;
using Portal.Security;
using Portal.Tests.Jobs.Schedules;
using Portal.Tests.Security;

namespace Portal.Tests.Pages;

/// <summary>The Schedules page: next fires in the zone and in UTC, the saving with its formula, actions for operators only.</summary>
public sealed partial class SchedulesPageTests
{
    private const string Viewer = "vera";
    private const string ViewerPassword = "correct-horse-battery-viewer-17";
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private static async Task<string> PageAsync(HttpClient client, string url = "/schedules") => WebUtility.HtmlDecode(await client.GetStringAsync(url));

    [GeneratedRegex("""<li><time datetime="([^"]+)">([^<]+)</time> <span class="muted">([^<]+)</span></li>""")]
    private static partial Regex Fire();

    [GeneratedRegex("""data-testid="formula">(\d+\.\d) paused h × \(1 vCPU × \$0\.0064 \+ 2 GB × \$0\.0007 = \$0\.0078 per instance-hour\) """ +
        """× 1 instance × 2 regions = \$(\d+\.\d\d)<""")]
    private static partial Regex Formula();

    /// <summary>Weekday nights in New York, worked out minute by minute without a cron: paused from 20:00 to 08:00, and weekends.</summary>
    private static bool NightPaused(DateTimeOffset at)
    {
        var local = TimeZoneInfo.ConvertTime(at, NewYork);
        return local.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || local.Hour < 8 || local.Hour >= 20;
    }

    private static List<DateTimeOffset> NextWeekdaysAt(int hour, DateTimeOffset after)
    {
        var fires = new List<DateTimeOffset>();
        for (var day = TimeZoneInfo.ConvertTime(after, NewYork).Date; fires.Count < 3; day = day.AddDays(1))
        {
            var local = day.AddHours(hour);
            var at = new DateTimeOffset(local, NewYork.GetUtcOffset(local));
            if (at > after && day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)) fires.Add(at);
        }
        return fires;
    }

    [Fact]
    public async Task The_local_demo_schedule_is_listed_with_its_next_fires_in_New_York_and_UTC_and_its_saving()
    {
        await using var app = new PortalApplication().With("Portal:Schedules:SeedLocalDemo", "true");
        var client = app.CreateClient();
        var html = "";
        Assert.True(await Eventually.Async(async () => (html = await PageAsync(client)).Contains("data-testid=\"schedule\"")),
            "the demo schedule was never seeded");
        var now = DateTimeOffset.UtcNow;

        Assert.Contains("<h2>staging</h2>", html);
        Assert.Contains("every region", html);
        Assert.Contains("<code data-testid=\"pause-cron\">0 20 * * 1-5</code>", html);
        Assert.Contains("<code data-testid=\"resume-cron\">0 8 * * 1-5</code>", html);
        Assert.Contains("data-testid=\"zone\">America/New_York<", html);
        Assert.Contains("by local-seed", html);

        var fires = Fire().Matches(html).ToList();
        Assert.Equal(6, fires.Count);
        var expected = NextWeekdaysAt(20, now).Concat(NextWeekdaysAt(8, now)).ToList();
        for (var i = 0; i < 6; i++)
        {
            var at = expected[i];
            var local = TimeZoneInfo.ConvertTime(at, NewYork);
            Assert.Equal(at.UtcDateTime.ToString("O"), fires[i].Groups[1].Value);
            Assert.Equal(local.ToString("ddd d MMM HH:mm", CultureInfo.InvariantCulture) + $" (−0{-local.Offset.Hours}:00)", fires[i].Groups[2].Value);
            Assert.Equal(at.UtcDateTime.ToString("ddd d MMM HH:mm", CultureInfo.InvariantCulture) + " UTC", fires[i].Groups[3].Value);
        }

        var formula = Formula().Match(html);
        Assert.True(formula.Success, "no formula with the seed prices, 1 instance and both regions");
        var hours = double.Parse(formula.Groups[1].Value, CultureInfo.InvariantCulture);
        var minutesPaused = Enumerable.Range(0, 30 * 24 * 60).Count(m => NightPaused(now.AddMinutes(m)));
        Assert.InRange(hours, minutesPaused / 60.0 - 0.2, minutesPaused / 60.0 + 0.2);
        var amount = decimal.Parse(formula.Groups[2].Value, CultureInfo.InvariantCulture);
        Assert.InRange(amount, (decimal)hours * 0.0078m * 2 - 0.01m, (decimal)hours * 0.0078m * 2 + 0.01m);
        Assert.Contains("about $" + formula.Groups[2].Value + " in the next 30 days", html);
        Assert.Contains("only the latest scheduled fire", html);
    }

    [Fact]
    public async Task A_viewer_sees_schedules_but_no_buttons_while_an_operator_sees_every_action()
    {
        await using var app = new PortalApplication()
            .With("Portal:Auth:LocalUsers:0:Username", Viewer)
            .With("Portal:Auth:LocalUsers:0:PasswordHash", LocalPasswords.Hash(ViewerPassword))
            .With("Portal:Auth:LocalUsers:0:Roles:0", "Viewer");
        var schedule = await new ScheduleHost(app).Started().SaveAsync("staging", "us-east-2", "0 20 * * 1-5", "0 8 * * 1-5", "Europe/Berlin");
        var viewer = app.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.Redirect, (await viewer.PostAsync("/signin", await SecureHost.SignInFormAsync(viewer, Viewer, ViewerPassword))).StatusCode);

        var seen = await PageAsync(viewer);
        Assert.Contains($"data-schedule=\"{schedule.Id}\"", seen);
        Assert.Contains("data-testid=\"fires\"", seen);
        Assert.Contains("data-testid=\"saving\"", seen);
        Assert.DoesNotContain("<form method=\"post\"", seen.Replace("<form method=\"post\" action=\"/signout\"", ""));
        Assert.DoesNotContain("<button", seen.Replace("<button type=\"submit\">Sign out</button>", ""));
        Assert.DoesNotContain("New schedule", seen);
        Assert.DoesNotContain("data-testid=\"actions\"", seen);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync($"/schedules?handler=Delete&id={schedule.Id}",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = SecureHost.AntiforgeryToken(await PageAsync(viewer,
                "/signin")) }))).StatusCode);

        var operatorPage = await PageAsync(app.CreateClient());
        foreach (var action in new[] { "Edit", "Disable", "Pause now", "Resume now", "Delete schedule", "New schedule" })
            Assert.Contains(action, operatorPage);
        Assert.NotNull(await new ScheduleHost(app).Store.GetAsync(schedule.Id));
    }

    [Fact]
    public async Task The_form_shows_an_error_per_field_and_saves_nothing_then_saves_and_lists_good_input()
    {
        await using var app = new PortalApplication();
        var client = app.CreateClient(new() { AllowAutoRedirect = false });
        var store = app.Services.GetRequiredService<IScheduleStore>();
        FormUrlEncodedContent Form(string html, string env, string pause, string zone) => new(new Dictionary<string, string>
        {
            ["Input.Environment"] = env, ["Input.Region"] = "", ["Input.PauseCron"] = pause, ["Input.ResumeCron"] = "0 8 * * 1-5",
            ["Input.TimeZone"] = zone, ["Input.Enabled"] = "true", ["__RequestVerificationToken"] = SecureHost.AntiforgeryToken(html),
        });

        var refused = await client.PostAsync("/schedules/edit", Form(await PageAsync(client, "/schedules/edit"), "production", "0 20 * *",
            "Eastern Standard Time"));
        var page = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("a protected environment is never paused by a schedule", page);
        Assert.Contains($"'0 20 * *' has 4 fields; use {CronText.Formats}.", page);
        Assert.Contains("'Eastern Standard Time' is a Windows time zone id; use its IANA id, America/New_York.", page);
        Assert.Empty(await store.ListAsync());

        var saved = await client.PostAsync("/schedules/edit", Form(await PageAsync(client, "/schedules/edit"), "staging", "0 19 * * 1-5", "America/Chicago"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("/Schedules", saved.Headers.Location?.OriginalString);
        var schedule = Assert.Single(await store.ListAsync());
        Assert.Equal(("staging", null, "0 19 * * 1-5", "America/Chicago", true, "local-token"),
            (schedule.Environment, schedule.Region, schedule.PauseCron, schedule.TimeZone, schedule.Enabled, schedule.UpdatedBy));
        var list = await PageAsync(client);
        Assert.Contains($"Schedule {schedule.Id} saved", list);

        var deleted = await client.PostAsync($"/schedules?handler=Delete&id={schedule.Id}",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = SecureHost.AntiforgeryToken(list) }));
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Empty(await store.ListAsync());
        Assert.Contains($"Schedule {schedule.Id} deleted.", await PageAsync(client));
    }
}
