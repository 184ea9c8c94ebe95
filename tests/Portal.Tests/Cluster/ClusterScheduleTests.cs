using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Audit;
using Portal.Core.Operations;
using Portal.Core.Schedules;
using Portal.Jobs.Schedules;
using Portal.Tests.Jobs;

namespace Portal.Tests.Cluster;

/// <summary>A schedule lives on every instance of a cluster, and each of its fires runs its action once, on one of them.</summary>
public sealed class ClusterScheduleTests
{
    private const string EveryThreeSeconds = "0/3 * * * * ?";
    private const string Yearly = "0 0 0 1 1 ?";

    [Fact]
    public async Task A_schedule_on_two_instances_pauses_once_per_fire_and_calls_PauseService_once()
    {
        await using var cluster = await PortalCluster.StartAsync();
        var fires = new FireLog(ScheduleJobs.Prefix);
        var first = cluster.Instance("portal-a").WithServices(fires.AddTo);
        var second = cluster.Instance("portal-b").WithServices(fires.AddTo);
        var pausesBefore = CloudCounts.Operations(cluster.Cloud, "staging", "PAUSE_SERVICE");
        var schedules = first.Services.GetRequiredService<ScheduleService>();

        var schedule = await schedules.SaveAsync(null, new ScheduleDraft("staging", "us-east-2", EveryThreeSeconds, Yearly, "UTC", true), "olga", null);
        Assert.True(await Eventually.Async(() => Task.FromResult(fires.Runs.Count >= 1)), $"the schedule never fired: {fires}");
        // The second instance starts with the schedule in place, as after a restart or a scale-out: its start-up brings
        // Hangfire in step with the store, which must leave the cluster's recurring jobs (and their next fire) as they are.
        _ = second.Services;
        Assert.True(await Eventually.Async(() => Task.FromResult(fires.Runs.Count >= 4)), $"three more fires never ran: {fires}");
        await schedules.SetEnabledAsync(schedule.Id, false, "olga", null);

        // Each fire ran once in the cluster, on whichever instance took it, and submitted one pause.
        var requester = ScheduledActionJob.Requester(schedule.Id);
        var store = second.Services.GetRequiredService<IOperationStore>();
        async Task<List<OperationRecord>> PausesAsync() =>
            [.. (await store.ListAsync(new OperationQuery("staging", OperationKind.Pause, PageSize: 100)))
                .Items.Where(r => r.Request.RequestedBy == requester)];
        Assert.True(await Eventually.Async(async () => (await PausesAsync()).Count == fires.Runs.Count && (await PausesAsync()).All(r => r.IsFinished)),
            $"{(await PausesAsync()).Count} pause operations for {fires.Runs.Count} fires: {fires}");
        var runs = fires.Runs;
        Assert.All(runs.GroupBy(r => (r.Trigger, r.ScheduledAt)), fire => Assert.True(fire.Count() == 1, $"a fire ran {fire.Count()} times: {fires}"));
        var pauses = await PausesAsync();
        Assert.Equal(runs.Count, pauses.Count);
        Assert.All(pauses, p => Assert.Equal(OperationState.Succeeded, p.State));
        var audit = await second.Services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery(Actor: requester));
        Assert.Equal(runs.Count, audit.Count(e => e is { Action: AuditActions.Pause, Outcome: AuditOutcomes.Queued }));
        Assert.DoesNotContain(audit, e => e.Outcome == AuditOutcomes.Refused);

        // The first pause paused the region; the later ones found it paused and left it.
        var pausesAfter = CloudCounts.Operations(cluster.Cloud, "staging", "PAUSE_SERVICE");
        Assert.Equal(1, pausesAfter["us-east-2"] - pausesBefore["us-east-2"]);
        Assert.Equal(pausesBefore["us-east-1"], pausesAfter["us-east-1"]);
    }
}
