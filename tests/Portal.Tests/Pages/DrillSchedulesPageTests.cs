using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Schedules;
using Portal.Tests.Security;

namespace Portal.Tests.Pages;

/// <summary>The drill schedules' section of the Schedules page and its form: errors by field, nothing saved; then listed with next fires; disabled.</summary>
public sealed class DrillSchedulesPageTests
{
    private static async Task<string> PageAsync(HttpClient client, string url = "/schedules") => WebUtility.HtmlDecode(await client.GetStringAsync(url));

    [Fact]
    public async Task The_form_refuses_field_by_field_saving_nothing_then_the_saved_schedule_is_listed_and_can_be_disabled()
    {
        await using var app = new PortalApplication();
        var client = app.CreateClient(new() { AllowAutoRedirect = false });
        var store = app.Services.GetRequiredService<IDrillScheduleStore>();
        FormUrlEncodedContent Form(string html, string env, string region, string cron) => new(new Dictionary<string, string>
        {
            ["Input.Environment"] = env, ["Input.Region"] = region, ["Input.Kind"] = "evacuate", ["Input.Hold"] = "", ["Input.Cron"] = cron,
            ["Input.TimeZone"] = "Europe/Berlin", ["Input.ConfirmEnvironment"] = "", ["Input.Enabled"] = "true",
            ["__RequestVerificationToken"] = SecureHost.AntiforgeryToken(html),
        });

        var refused = await client.PostAsync("/schedules/drill", Form(await PageAsync(client, "/schedules/drill"), "Staging", "eu-west-1", "0 10 ? * TUE#9"));
        var page = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("'eu-west-1' is not a region of staging: use one of us-east-1, us-east-2.", page);
        Assert.Contains("'0 10 ? * TUE#9' is not a valid 5-field crontab line", page);
        Assert.Empty(await store.ListAsync());

        var saved = await client.PostAsync("/schedules/drill", Form(await PageAsync(client, "/schedules/drill"), "Staging", "US-EAST-2", "0 10 ? * TUE#1"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var schedule = Assert.Single(await store.ListAsync());
        Assert.Equal(("staging", "us-east-2", "0 10 ? * TUE#1", true), (schedule.Environment, schedule.Region, schedule.Cron, schedule.Enabled));
        var list = await PageAsync(client);
        Assert.Contains($"Drill schedule {schedule.Id} saved", list);
        Assert.Contains($"data-testid=\"drill-schedule\" data-schedule=\"{schedule.Id}\"", list);
        Assert.Contains("data-testid=\"fires\"", list[list.IndexOf("data-testid=\"drill-schedules\"", StringComparison.Ordinal)..]);
        Assert.Contains("none yet", list);

        var disabled = await client.PostAsync($"/schedules?handler=DisableDrill&id={schedule.Id}",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = SecureHost.AntiforgeryToken(list) }));
        Assert.Equal(HttpStatusCode.Redirect, disabled.StatusCode);
        Assert.False((await store.GetAsync(schedule.Id))!.Enabled);
        Assert.Contains($"Drill schedule {schedule.Id} disabled.", await PageAsync(client));
    }
}
