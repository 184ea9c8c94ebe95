using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Portal.Core.Operations;
using Portal.Data;
using Portal.Jobs;
using Portal.Tests.Data;
using Portal.Tests.Jobs;

namespace Portal.Tests.Cluster;

/// <summary>
/// The check for operations without a job, run by every instance at start-up and now and then: in a cluster it must not
/// touch an operation another instance is still handing to Hangfire, and must hand over one that instance never did.
/// </summary>
public sealed class OperationRecoveryTests
{
    private static readonly OperationRequest PauseUsEast2 = new(OperationKind.Pause, "staging", "olga", Region: "us-east-2");

    [Fact]
    public async Task An_operation_another_instance_is_still_handing_to_Hangfire_is_left_to_it_by_an_instance_that_starts()
    {
        await using var cluster = await PortalCluster.StartAsync();
        var first = cluster.Instance("portal-a");
        var a = new JobsClient(first);
        _ = a.Http;
        // The first instance is inside OperationQueue.SubmitAsync: the operation is recorded, its job not yet queued.
        var record = await first.Services.GetRequiredService<IOperationStore>().CreateAsync(PauseUsEast2);

        var second = cluster.Instance("portal-b");
        Assert.Empty(await CheckAsync(second));
        Assert.Equal("Queued", (await a.JobAsync(record.Id)).GetProperty("state").GetString());

        await first.Services.GetRequiredService<OperationQueue>().ScheduleAsync(record.Id);
        var job = await a.FinishedAsync(record.Id);
        Assert.True(job.GetProperty("state").GetString() == "Succeeded", $"{job}");
        Assert.Equal("PAUSED", a.Service("staging", "us-east-2").Status);
        Assert.Empty(await CheckAsync(second));
    }

    [Fact]
    public async Task An_operation_recorded_but_never_handed_to_Hangfire_is_handed_over_once_it_is_older_than_a_submission_takes()
    {
        await using var cluster = await PortalCluster.StartAsync();
        // Recorded by an instance that died before it queued the job: long enough ago that no submission is still on its way.
        var clock = new TestClock();
        clock.Advance(DateTimeOffset.UtcNow - OperationRecovery.SubmitGrace - TimeSpan.FromMinutes(1) - clock.Now);
        var record = await new SqlOperationStore(cluster.OpenDatabase(), clock).CreateAsync(PauseUsEast2);

        var app = cluster.Instance("portal-a");
        var jobs = new JobsClient(app);
        _ = jobs.Http;

        // The start-up check (or this one, whichever came first) handed it to Hangfire; it runs as submitted.
        await CheckAsync(app);
        var job = await jobs.FinishedAsync(record.Id);
        Assert.True(job.GetProperty("state").GetString() == "Succeeded", $"{job}");
        Assert.Equal("PAUSED", jobs.Service("staging", "us-east-2").Status);
        Assert.NotNull(await app.Services.GetRequiredService<IOperationLeases>().JobOfAsync(record.Id));
    }

    /// <summary>Starts the instance and runs its check once more, awaited: whatever it hands over is queued by now.</summary>
    private static async Task<IReadOnlyList<string>> CheckAsync(PortalApplication app) =>
        await app.Services.GetServices<IHostedService>().OfType<OperationRecovery>().Single().CheckAsync(CancellationToken.None);
}
