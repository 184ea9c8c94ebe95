using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Audit;
using Portal.Core.Operations;
using Portal.Core.Schedules;
using Portal.Jobs.Schedules;

namespace Portal.Tests.Jobs.Schedules;

/// <summary>Schedules fire as Hangfire recurring jobs in their own time zone and pause LocalCloud's services as "schedule:&lt;id&gt;"; disabled ones never
/// fire.</summary>
public sealed class ScheduleFiringTests
{
    private const string Yearly = "0 0 0 1 1 ?";

    /// <summary>
    /// A cron that fires every 2 s, but only during this hour and the next on Tokyo's wall clock: read in any other zone
    /// (UTC is 9 hours behind) it would not fire now.
    /// </summary>
    private static string EveryTwoSecondsThisHourIn(string zone)
    {
        var hour = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById(zone)).Hour;
        return $"0/2 * {hour},{(hour + 1) % 24} * * ?";
    }

    [Fact]
    public async Task A_schedule_fires_on_its_cron_in_its_time_zone_and_pauses_the_region_as_the_schedule()
    {
        await using var app = new PortalApplication();
        var host = new ScheduleHost(app).Started();

        var schedule = await host.SaveAsync("staging", "us-east-2", EveryTwoSecondsThisHourIn("Asia/Tokyo"), Yearly, "Asia/Tokyo");

        var jobs = host.RecurringJobs(schedule.Id);
        Assert.Equal([ScheduleJobs.RecurringIdOf(schedule.Id, ScheduledAction.Pause), ScheduleJobs.RecurringIdOf(schedule.Id, ScheduledAction.Resume)],
            jobs.Select(j => j.Id).Order());
        Assert.All(jobs, j => Assert.Equal("Asia/Tokyo", j.TimeZoneId));
        // Missed fires are the start-up policy's: Hangfire must neither replay them (Strict) nor run one late (Relaxed).
        Assert.All(jobs, j => Assert.Equal(Hangfire.MisfireHandlingMode.Ignorable, host.MisfireHandling(j.Id)));

        await host.StatusBecomesAsync("staging", "us-east-2", "PAUSED");
        Assert.Equal("RUNNING", host.Status("staging", "us-east-1"));
        var audit = await host.AuditByAsync($"schedule:{schedule.Id}");
        Assert.Contains(audit, e => e is { Action: AuditActions.Pause, Outcome: AuditOutcomes.Queued } && e.Detail == "pause staging in us-east-2");
        Assert.DoesNotContain(audit, e => e.Action == AuditActions.Resume);
        Assert.Contains(await host.AuditByAsync("olga"), e => e is { Action: AuditActions.ScheduleSaved, Outcome: AuditOutcomes.Succeeded }
            && e.Target == schedule.Id);
    }

    [Fact]
    public async Task A_disabled_schedule_has_no_job_and_never_fires_until_it_is_enabled()
    {
        await using var app = new PortalApplication();
        var host = new ScheduleHost(app).Started();

        var schedule = await host.SaveAsync("staging", "us-east-1", "* * * * * ?", Yearly, "UTC", enabled: false);

        Assert.Empty(host.RecurringJobs(schedule.Id));
        // Three seconds of an every-second cron: a disabled schedule that fired anyway would have by now.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Empty(await host.AuditByAsync(ScheduledActionJob.Requester(schedule.Id)));
        Assert.Equal("RUNNING", host.Status("staging", "us-east-1"));

        Assert.Equal($"Schedule {schedule.Id} enabled.", await host.Service.SetEnabledAsync(schedule.Id, true, "olga", null));
        await host.StatusBecomesAsync("staging", "us-east-1", "PAUSED");

        Assert.Equal($"Schedule {schedule.Id} disabled.", await host.Service.SetEnabledAsync(schedule.Id, false, "olga", null));
        Assert.Empty(host.RecurringJobs(schedule.Id));
        Assert.Equal($"Schedule {schedule.Id} is already disabled; nothing changed.", await host.Service.SetEnabledAsync(schedule.Id, false, "olga", null));
    }

    [Fact]
    public async Task A_deleted_schedule_loses_its_job()
    {
        await using var app = new PortalApplication();
        var host = new ScheduleHost(app).Started();
        var schedule = await host.SaveAsync("staging", null, "0 20 * * 1-5", "0 8 * * 1-5", "America/New_York");
        Assert.Equal(2, host.RecurringJobs(schedule.Id).Count);

        Assert.Equal($"Schedule {schedule.Id} deleted.", await host.Service.DeleteAsync(schedule.Id, "olga", null));

        Assert.Empty(host.RecurringJobs(schedule.Id));
        Assert.Null(await host.Store.GetAsync(schedule.Id));
        Assert.Contains(await host.AuditByAsync("olga"), e => e is { Action: AuditActions.ScheduleDeleted } && e.Target == schedule.Id);
    }

    [Fact]
    public async Task A_fire_refused_because_the_environment_is_busy_is_audited_with_the_reason_and_the_next_fire_tries_again()
    {
        await using var app = new PortalApplication();
        var host = new ScheduleHost(app).Started();
        // An operation on staging that the records call queued: the environment is busy until it ends.
        var store = app.Services.GetRequiredService<IOperationStore>();
        var busy = await store.CreateAsync(new OperationRequest(OperationKind.Resume, "staging", "olga"));

        var schedule = await host.SaveAsync("staging", "us-east-2", "* * * * * ?", Yearly, "UTC");

        IReadOnlyList<AuditEvent> refusals = [];
        Assert.True(await Eventually.Async(async () => (refusals = [.. (await host.AuditByAsync(ScheduledActionJob.Requester(schedule.Id)))
            .Where(e => e.Outcome == AuditOutcomes.Refused)]).Count >= 2), "the busy environment's refusals were not audited on two fires");
        Assert.All(refusals, e => Assert.Equal($"Environment 'staging' already has operation {busy.Id} queued or running; wait for it to finish or cancel it.",
            e.Detail));
        Assert.Equal("RUNNING", host.Status("staging", "us-east-2"));
        await Assert.ThrowsAsync<EnvironmentBusyException>(() => host.Service.RunNowAsync(schedule.Id, ScheduledAction.Pause, "olga", null));
        Assert.Contains(await host.AuditByAsync("olga"), e => e is { Action: AuditActions.ScheduleRunNow, Outcome: AuditOutcomes.Refused }
            && e.Detail!.Contains($"already has operation {busy.Id}"));

        await store.FinishAsync(busy.Id, OperationState.Cancelled, "Cancelled by the test.");
        await host.StatusBecomesAsync("staging", "us-east-2", "PAUSED");
    }

    [Fact]
    public async Task Pause_now_and_resume_now_go_through_the_queue_as_the_operator_and_are_audited()
    {
        await using var app = new PortalApplication();
        var host = new ScheduleHost(app).Started();
        var schedule = await host.SaveAsync("staging", "us-east-1", "0 20 * * 1-5", "0 8 * * 1-5", "America/New_York");

        var pause = await host.Service.RunNowAsync(schedule.Id, ScheduledAction.Pause, "olga", "192.0.2.7");
        Assert.Equal("olga", pause.Request.RequestedBy);
        await host.StatusBecomesAsync("staging", "us-east-1", "PAUSED");
        await new JobsClient(app).FinishedAsync(pause.Id);
        await host.Service.RunNowAsync(schedule.Id, ScheduledAction.Resume, "olga", "192.0.2.7");
        await host.StatusBecomesAsync("staging", "us-east-1", "RUNNING");

        var audit = await host.AuditByAsync("olga");
        Assert.Contains(audit, e => e is { Action: AuditActions.ScheduleRunNow, Outcome: AuditOutcomes.Queued }
            && e.Detail == $"pause staging in us-east-1: operation {pause.Id}");
        Assert.Contains(audit, e => e is { Action: AuditActions.ScheduleRunNow, Outcome: AuditOutcomes.Queued }
            && e.Detail!.StartsWith("resume staging in us-east-1"));
    }
}
