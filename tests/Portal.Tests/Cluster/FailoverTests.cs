using System.Text.Json;
using Portal.Tests.Jobs;

namespace Portal.Tests.Cluster;

/// <summary>
/// An instance that goes away in the middle of a rollout, stopped or killed, loses no operation: another instance of the
/// cluster takes the job over and finishes it from its last completed step, without updating a region twice.
/// </summary>
public sealed class FailoverTests
{
    [Fact]
    public async Task An_instance_stopped_mid_rollout_hands_the_job_to_the_other_which_finishes_it_without_updating_a_region_twice()
    {
        await using var cluster = await PortalCluster.StartAsync(TimeToAct);
        var first = cluster.Instance("portal-a");
        var rollout = await MidRolloutAsync(cluster, new JobsClient(first));

        // Stopped: the job is asked to stop between two AWS calls, and handed back to the queue at once.
        await first.DisposeAsync();

        await AssertTakenOverAsync(cluster, rollout);
    }

    [Fact]
    public async Task When_an_instance_dies_mid_rollout_another_recovers_the_job_and_finishes_it_without_updating_a_region_twice()
    {
        await using var cluster = await PortalCluster.StartAsync(TimeToAct);
        await using var doomed = await PortalProcess.StartAsync(cluster, "portal-a");
        var rollout = await MidRolloutAsync(cluster, new JobsClient(doomed.OperatorClient(), cluster.Cloud));

        // Killed: nothing is handed back; once the dead instance stops renewing the job, the survivor fetches it again.
        await doomed.KillAsync();

        await AssertTakenOverAsync(cluster, rollout, doomed.Output);
    }

    // A slower clock than the other tests leaves time to stop an instance in the middle of the rollout.
    private const double TimeToAct = 0.02;

    private sealed record Rollout(JobsClient Survivor, string Id, Dictionary<string, int> Before);

    /// <summary>
    /// A deployment running on <paramref name="first"/>, in the middle of us-east-1's App Runner deployment, with a second
    /// instance up beside it. The second is held back until then, so the job surely runs on the first.
    /// </summary>
    private static async Task<Rollout> MidRolloutAsync(PortalCluster cluster, JobsClient first)
    {
        var second = cluster.Instance("portal-b");
        var held = await PortalCluster.HeldBackAsync(second);
        var before = cluster.Updates("staging");
        var id = await first.AcceptedAsync("/api/environments/staging/deployments", new { imageTag = "v2" });
        await first.StepAsync(id, "us-east-1: wait for App Runner", "Running");
        await held.StartAsync(CancellationToken.None);
        return new Rollout(new JobsClient(second), id, before);
    }

    private static async Task AssertTakenOverAsync(PortalCluster cluster, Rollout rollout, string diagnostics = "")
    {
        var job = await rollout.Survivor.FinishedAsync(rollout.Id);
        Assert.True(job.GetProperty("state").GetString() == "Succeeded", $"{job}\n{diagnostics}");
        cluster.AssertUpdatedOnce("staging", rollout.Before, job);
        foreach (var region in rollout.Before.Keys)
            Assert.Equal(("RUNNING", "v2"), (rollout.Survivor.Service("staging", region).Status, rollout.Survivor.Service("staging", region).Tag));
        // The deploy step ran once; the wait it was in when its instance went away ran again, on the survivor.
        var steps = job.GetProperty("steps").EnumerateArray().ToList();
        Assert.Single(steps, s => Named(s, "us-east-1: deploy v2"));
        Assert.Contains(steps, s => Named(s, "us-east-1: wait for App Runner") && s.GetProperty("state").GetString() == "Interrupted");
        Assert.Contains(steps, s => Named(s, "us-east-1: wait for App Runner") && s.GetProperty("state").GetString() == "Succeeded");
    }

    private static bool Named(JsonElement step, string name) => step.GetProperty("name").GetString() == name;
}
