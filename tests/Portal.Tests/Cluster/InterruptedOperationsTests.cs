using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Portal.Core.Operations;
using Portal.Data;
using Portal.Jobs;
using Portal.Tests.Data;
using Portal.Tests.Jobs;

namespace Portal.Tests.Cluster;

/// <summary>
/// The check for operations whose job is gone, run by every instance at start-up and now and then: in a cluster it must
/// not end an operation another instance is still handing to Quartz, and must end one that instance never handed over.
/// </summary>
public sealed class InterruptedOperationsTests
{
    private static readonly OperationRequest PauseUsEast2 = new(OperationKind.Pause, "staging", "olga", Region: "us-east-2");

    [Fact]
    public async Task An_operation_another_instance_is_still_handing_to_Quartz_is_left_to_it_by_an_instance_that_starts()
    {
        await using var cluster = await PortalCluster.StartAsync();
        var first = cluster.Instance("portal-a");
        var a = new JobsClient(first);
        _ = a.Http;
        // The first instance is inside OperationQueue.SubmitAsync: the operation is recorded, its job not yet scheduled.
        var record = await first.Services.GetRequiredService<IOperationStore>().CreateAsync(PauseUsEast2);

        var second = cluster.Instance("portal-b");
        Assert.Empty(await CheckAsync(second));
        Assert.Equal("Queued", (await a.JobAsync(record.Id)).GetProperty("state").GetString());

        await first.Services.GetRequiredService<OperationQueue>().ScheduleAsync(record.Id);
        var job = await a.FinishedAsync(record.Id);
        Assert.True(job.GetProperty("state").GetString() == "Succeeded", $"{job}");
        Assert.Equal("PAUSED", a.Service("staging", "us-east-2").Status);
    }

    [Fact]
    public async Task An_operation_recorded_but_never_handed_to_Quartz_ends_interrupted_once_it_is_older_than_a_submission_takes()
    {
        await using var cluster = await PortalCluster.StartAsync();
        // Recorded by an instance that died before it scheduled the job: long enough ago that no submission is still on its way.
        var clock = new TestClock();
        clock.Advance(DateTimeOffset.UtcNow - InterruptedOperations.SubmitGrace - TimeSpan.FromMinutes(1) - clock.Now);
        var record = await new SqlOperationStore(cluster.OpenDatabase(), clock).CreateAsync(PauseUsEast2);

        var app = cluster.Instance("portal-a");
        var jobs = new JobsClient(app);
        await CheckAsync(app);

        var job = await jobs.JobAsync(record.Id);
        Assert.True(job.GetProperty("state").GetString() == "Interrupted", $"{job}");
        Assert.StartsWith("Recorded, but never handed to the job scheduler", JobsClient.Outcome(job));
        Assert.Equal("RUNNING", jobs.Service("staging", "us-east-2").Status);
        // The environment is free again.
        await jobs.AcceptedAsync("/api/environments/staging/pause", new { region = "us-east-2" });
    }

    /// <summary>Starts the instance and runs its check once more, awaited: whatever it ends is ended by now.</summary>
    private static async Task<IReadOnlyList<string>> CheckAsync(PortalApplication app) =>
        await app.Services.GetServices<IHostedService>().OfType<InterruptedOperations>().Single().CheckAsync(CancellationToken.None);
}
