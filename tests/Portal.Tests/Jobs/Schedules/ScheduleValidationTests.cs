using Portal.Core.Audit;
using Portal.Jobs.Schedules;

namespace Portal.Tests.Jobs.Schedules;

/// <summary>Refused schedules save nothing, make no job, and say per field what is wrong.</summary>
public sealed class ScheduleValidationTests : IAsyncLifetime
{
    private readonly PortalApplication _app = new();
    private ScheduleHost Host => new(_app);

    public Task InitializeAsync()
    {
        Host.Started();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<IReadOnlyDictionary<string, string[]>> RefusedAsync(string? env, string? region, string? pause, string? resume, string? zone)
    {
        var refused = await Assert.ThrowsAsync<ScheduleValidationException>(() => Host.SaveAsync(env, region, pause, resume, zone));
        Assert.Empty(await Host.Store.ListAsync());
        Assert.Empty(Host.RecurringJobs());
        return refused.Errors;
    }

    [Fact]
    public async Task A_protected_environment_is_refused_on_the_environment_field_and_nothing_is_saved()
    {
        var errors = await RefusedAsync("production", null, "0 20 * * 1-5", "0 8 * * 1-5", "America/New_York");

        Assert.Equal(["environment"], errors.Keys);
        Assert.Equal("production is protected: a protected environment is never paused by a schedule. Pause it by hand, naming it.",
            errors["environment"].Single());
        Assert.Contains(await Host.AuditByAsync("olga"), e => e is { Action: AuditActions.ScheduleSaved, Outcome: AuditOutcomes.Refused }
            && e.Detail!.Contains("never paused by a schedule"));
    }

    [Fact]
    public async Task Invalid_crons_a_foreign_region_and_a_Windows_zone_are_all_refused_at_once()
    {
        var errors = await RefusedAsync("staging", "eu-west-1", "0 20 * *", "0 61 8 * * ?", "Tokyo Standard Time");

        Assert.Equal(["pauseCron", "region", "resumeCron", "timeZone"], errors.Keys.Order());
        Assert.Equal($"'0 20 * *' has 4 fields; use {CronText.Formats}.", errors["pauseCron"].Single());
        Assert.StartsWith("'0 61 8 * * ?' is not a valid 6-field cron: ", errors["resumeCron"].Single());
        Assert.Equal("'Tokyo Standard Time' is a Windows time zone id; use its IANA id, Asia/Tokyo.", errors["timeZone"].Single());
        Assert.StartsWith("'eu-west-1' is not a region of staging", errors["region"].Single());
    }

    [Fact]
    public async Task A_garbage_zone_and_crons_that_fire_together_are_refused()
    {
        var errors = await RefusedAsync("staging", null, "0 20 * * *", "0 0 20 * * ?", "Not/A_Zone");

        Assert.Equal("'Not/A_Zone' is not an IANA time zone id: use one such as America/New_York, Europe/Berlin, Asia/Tokyo or UTC.",
            errors["timeZone"].Single());
        Assert.Equal("The resume cron fires exactly when the pause cron does; give them different times.", errors["resumeCron"].Single());
    }

    [Fact]
    public async Task Editing_a_schedule_that_is_gone_is_refused()
    {
        var refused = await Assert.ThrowsAsync<ScheduleValidationException>(() => Host.Service.SaveAsync("s-missing",
            new Portal.Core.Schedules.ScheduleDraft("staging", null, "0 20 * * *", "0 8 * * *", "UTC", true), "olga", null));

        Assert.Equal("There is no schedule s-missing; it may have been deleted.", refused.Errors["id"].Single());
        Assert.Empty(await Host.Store.ListAsync());
    }
}
