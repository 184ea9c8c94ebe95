using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Operations;
using Portal.Core.Schedules;
using Portal.Data;
using Portal.Data.Sqlite;
using Portal.Jobs.Schedules;
using Portal.Tests.Jobs.Schedules;

namespace Portal.Tests.Jobs;

/// <summary>
/// A data folder the Quartz-based portal wrote (portal.db without the Hangfire-era tables, quartz.db beside it) starts
/// cleanly: its operations and schedules carry over, its Quartz crons are converted once, and quartz.db is left alone.
/// </summary>
public sealed class QuartzDataFolderTests
{
    [Fact]
    public async Task An_old_data_folder_keeps_its_operations_and_schedules_and_its_Quartz_crons_are_converted_once()
    {
        var directory = Path.Combine(Path.GetTempPath(), "portal-tests-data", Guid.NewGuid().ToString("N"));
        var data = new DataOptions { Directory = directory };
        string finished, queued;
        await using (var database = SqliteDatabase.Create(data))
        {
            var operations = new SqlOperationStore(database, TimeProvider.System);
            finished = (await operations.CreateAsync(new OperationRequest(OperationKind.Deploy, "staging", "olga", ImageTag: "v1"))).Id;
            await operations.FinishAsync(finished, OperationState.Succeeded, "Deployed v1 to staging.");
            // Queued when the old portal stopped: its job lived only in quartz.db, which the new portal does not read.
            queued = (await operations.CreateAsync(new OperationRequest(OperationKind.Pause, "staging", "olga", Region: "us-east-2"))).Id;
            // Weekdays at 20:00 and 08:00 in Quartz's numbering (2-6 is Monday to Friday).
            await new SqlScheduleStore(database).SaveAsync(new PauseSchedule("s-quartz", "staging", "us-east-1", "0 0 20 ? * 2-6", "0 0 8 ? * 2-6 *",
                "America/New_York", true, DateTimeOffset.UtcNow, "olga"));
            await using var connection = await database.OpenAsync();
            // What the old portal's portal.db did not have.
            await connection.ExecuteAsync("DROP TABLE operation_jobs; DROP TABLE schedule_fires; DROP TABLE data_migrations");
        }
        SqliteConnection.ClearAllPools();
        var quartzDb = Path.Combine(directory, "quartz.db");
        await using (var quartz = new SqliteConnection($"Data Source={quartzDb}"))
            await quartz.ExecuteAsync("CREATE TABLE qrtz_job_details (sched_name text, job_name text, job_group text); " +
                $"INSERT INTO qrtz_job_details VALUES ('portal', '{queued}', 'operations')");
        SqliteConnection.ClearAllPools();

        try
        {
            for (var start = 1; start <= 2; start++)
            {
                await using var app = new PortalApplication().With("Portal:Data:Directory", directory);
                var jobs = new JobsClient(app);
                var host = new ScheduleHost(app).Started();

                Assert.Equal("Succeeded", (await jobs.JobAsync(finished)).GetProperty("state").GetString());
                var resumed = await jobs.FinishedAsync(queued);
                Assert.True(resumed.GetProperty("state").GetString() == "Succeeded", $"{resumed}");
                // Converted at the first start only: a second conversion would move the days once more.
                var schedule = await host.Store.GetAsync("s-quartz");
                Assert.Equal(("0 0 20 ? * 1-5", "0 0 8 ? * 1-5"), (schedule!.PauseCron, schedule.ResumeCron));
                // Registered by the start-up sync, which runs beside the first requests.
                var (crons, registered) = await Eventually.ValueAsync(() => Task.FromResult(host.RecurringJobs("s-quartz").Select(j => j.Cron).Order()
                    .ToList()), c => c.Count == 2);
                Assert.True(registered, $"the schedule's recurring jobs were not registered: {string.Join(", ", crons)}");
                Assert.Equal(["0 0 20 ? * 1-5", "0 0 8 ? * 1-5"], crons);
                var view = app.Services.GetRequiredService<ScheduleOverview>().View(schedule);
                Assert.Null(view.Problem);
                Assert.All(view.NextPauses, f => Assert.InRange(TimeZoneInfo.ConvertTime(f, view.Zone!).DayOfWeek, DayOfWeek.Monday, DayOfWeek.Friday));
            }
            Assert.True(File.Exists(quartzDb), "quartz.db is left as it was (ignored, not deleted)");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
