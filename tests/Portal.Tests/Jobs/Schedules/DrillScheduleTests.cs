using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Audit;
using Portal.Core.Drills;
using Portal.Core.Schedules;
using Portal.Jobs.Schedules;

namespace Portal.Tests.Jobs.Schedules;

/// <summary>
/// Drill schedules through the JSON API against LocalCloud: a due one queues a drill whose report its last runs link; bad
/// input saves nothing; a missed one never runs.
/// </summary>
public sealed class DrillScheduleTests : PortalPerTest
{
    [Fact]
    public async Task A_due_drill_schedule_queues_a_drill_audited_under_its_name_whose_report_its_last_runs_link()
    {
        // Every second, so the fire is due at once; names in another letter case are stored in the topology's spelling.
        var created = await Jobs.PostAsync("/api/drill-schedules",
            new { environment = "STAGING", region = "US-EAST-2", kind = "evacuate", hold = "00:00:01", cron = "* * * * * *", timeZone = "Europe/Berlin" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var schedule = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        var id = schedule.GetProperty("id").GetString()!;
        Assert.Equal(("staging", "us-east-2"), (schedule.GetProperty("environment").GetString(), schedule.GetProperty("region").GetString()));

        var (run, queued) = await Eventually.ValueAsync(async () => FirstQueued(await GetAsync(id)), r => r is not null);
        Assert.True(queued, "the drill schedule never queued a drill");
        Assert.Equal(HttpStatusCode.OK, (await Jobs.PostAsync($"/api/drill-schedules/{id}/disable")).StatusCode);
        var drillId = run!.Value.GetProperty("drillId").GetString()!;
        var job = await Jobs.FinishedAsync(drillId);

        Assert.True(job.GetProperty("state").GetString() == "Succeeded", job.ToString());
        var ended = (await GetAsync(id)).GetProperty("lastRuns").EnumerateArray().Single(r => r.GetProperty("drillId").GetString() == drillId);
        Assert.Equal(("Succeeded", "Pass"), (ended.GetProperty("drillState").GetString(), ended.GetProperty("verdict").GetString()));
        Assert.Equal($"/api/drills/{drillId}/report.md", run.Value.GetProperty("report").GetString());
        var report = await Jobs.Http.GetAsync(run.Value.GetProperty("report").GetString());
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        Assert.Contains("# Failover drill: staging us-east-2", await report.Content.ReadAsStringAsync());
        var audit = await App.Services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery(Actor: $"drill-schedule:{id}", Action: AuditActions.Drill));
        Assert.Contains(audit, e => e.Outcome == AuditOutcomes.Queued && e.Detail!.Contains("evacuate us-east-2 of staging"));
        Assert.Equal(new Dictionary<string, int> { ["us-east-1"] = 128, ["us-east-2"] = 128 }, await Jobs.WeightsAsync("staging"));
    }

    [Fact]
    public async Task A_bad_drill_schedule_is_refused_field_by_field_and_nothing_is_stored_or_registered()
    {
        var response = await Jobs.Http.PostAsync("/api/drill-schedules", new StringContent(
            """{"environment":"qa","region":"us-east-2","kind":"evacuate","cron":"0 10 * *","timeZone":"Europe/Berlin"}""", Encoding.UTF8, "application/json"));
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("Unknown environment 'qa'.", errors.GetProperty("environment")[0].GetString());
        Assert.StartsWith("'0 10 * *' has 4 fields", errors.GetProperty("cron")[0].GetString());
        var protectedOne = await Jobs.PostAsync("/api/drill-schedules",
            new { environment = "production", region = "us-east-2", kind = "evacuate", cron = "0 10 ? * TUE#1", timeZone = "Europe/Berlin" });
        Assert.Equal(HttpStatusCode.BadRequest, protectedOne.StatusCode);
        Assert.Contains("confirmEnvironment", await protectedOne.Content.ReadAsStringAsync());
        Assert.Equal("[]", await Jobs.Http.GetStringAsync("/api/drill-schedules"));
        Assert.Empty(App.Services.GetRequiredService<DrillScheduleJobs>().ScheduleIds());
    }

    [Fact]
    public async Task A_drill_missed_while_no_portal_ran_is_recorded_as_missed_once_and_never_run()
    {
        _ = Jobs.Http;
        var now = App.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var schedule = new DrillSchedule("d-missed", "staging", "us-east-2", DrillKind.Evacuate, null, "0 * * * *", "UTC", true, now.AddHours(-3), "olga");
        await App.Services.GetRequiredService<IDrillScheduleStore>().SaveAsync(schedule);
        var startup = ActivatorUtilities.CreateInstance<DrillScheduleStartup>(App.Services);
        var times = DrillScheduleTimes.Read(schedule, now, out _)!;

        await startup.RecordMissedAsync(schedule, times, jobKept: false, CancellationToken.None);
        await startup.RecordMissedAsync(schedule, times, jobKept: false, CancellationToken.None);

        var runs = (await GetAsync("d-missed")).GetProperty("lastRuns");
        var run = Assert.Single(runs.EnumerateArray());
        Assert.Equal("missed", run.GetProperty("outcome").GetString());
        Assert.Equal(times.LatestAtOrBefore(now), run.GetProperty("due").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, run.GetProperty("drillId").ValueKind);
        Assert.Equal(0, JsonDocument.Parse(await Jobs.Http.GetStringAsync("/api/drills")).RootElement.GetProperty("total").GetInt32());
    }

    private async Task<JsonElement> GetAsync(string id) => JsonDocument.Parse(await Jobs.Http.GetStringAsync($"/api/drill-schedules/{id}")).RootElement;

    private static JsonElement? FirstQueued(JsonElement schedule) =>
        schedule.GetProperty("lastRuns").EnumerateArray().Where(r => r.GetProperty("outcome").GetString() == "queued").Cast<JsonElement?>().FirstOrDefault();
}
