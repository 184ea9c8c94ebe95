using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Core.Audit;
using Portal.Core.Schedules;
using Portal.Jobs.Schedules;
using Portal.LocalCloud;
using Portal.LocalCloud.World;

namespace Portal.Tests.Jobs.Schedules;

/// <summary>A portal that was down through a pause and a resume runs only the latest of the two once when it starts.</summary>
public sealed class MissedFireTests
{
    private static string DailyAt(DateTimeOffset at, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone);
        return $"{local.Minute} {local.Hour} * * *";
    }

    [Fact]
    public async Task A_pause_and_a_resume_missed_while_down_run_only_the_resume_once_at_start_up()
    {
        await using var cloud = await LocalCloudHost.StartAsync(new LocalCloudOptions { Port = 0, TimeScale = 0.005, TrafficRatePerSecond = 0,
            BudgetTimeScale = PortalApplication.BudgetTimeScale }, NullLoggerFactory.Instance);
        var directory = Path.Combine(Path.GetTempPath(), "portal-tests", Guid.NewGuid().ToString("n"));
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var now = DateTimeOffset.UtcNow;
        // Saved three days ago; its pause was due three hours ago and its resume two hours ago, both while no portal ran.
        var schedule = new PauseSchedule("s-missed", "staging", "us-east-1", DailyAt(now.AddHours(-3), berlin), DailyAt(now.AddHours(-2), berlin),
            "Europe/Berlin", true, now.AddDays(-3), "olga");
        try
        {
            var first = new PortalApplication().With("Portal:Data:Directory", directory).WithLocalCloud(cloud);
            await using (first)
            {
                // Straight into the store, as if saved before the downtime: no recurring job knows it yet.
                await new ScheduleHost(first).Started().Store.SaveAsync(schedule);
            }
            lock (cloud.World.Gate) cloud.World.Services.Single(s => s.Environment == "staging" && s.Region == "us-east-1").Status = ServiceStatus.Paused;

            var second = new PortalApplication().With("Portal:Data:Directory", directory).WithLocalCloud(cloud);
            await using (second)
            {
                var host = new ScheduleHost(second).Started();
                await host.StatusBecomesAsync("staging", "us-east-1", "RUNNING");

                var audit = await host.AuditByAsync(ScheduledActionJob.Requester(schedule.Id));
                Assert.Contains(audit, e => e is { Action: AuditActions.Resume, Outcome: AuditOutcomes.Queued });
                Assert.DoesNotContain(audit, e => e.Action == AuditActions.Pause);
                var (_, resumeHandled) = await second.Services.GetRequiredService<IScheduleFires>().LastHandledAsync(schedule.Id, default);
                Assert.NotNull(resumeHandled);
                Assert.InRange(now - resumeHandled.Value, TimeSpan.FromHours(2), TimeSpan.FromHours(2).Add(TimeSpan.FromMinutes(1)));
            }
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }
}
