using Portal.Tests.Jobs;

namespace Portal.Tests.Cluster;

/// <summary>An instance that dies mid-rollout (a killed process: no shutdown, no hand-back) loses no operation to the cluster.</summary>
public sealed class InstanceCrashTests
{
    [Fact]
    public async Task When_an_instance_dies_mid_rollout_another_recovers_the_job_and_finishes_it_without_updating_a_region_twice()
    {
        // A slower clock than the other tests leaves time to kill the instance in the middle of the rollout.
        await using var cluster = await PortalCluster.StartAsync(timeScale: 0.02);
        await using var doomed = await PortalProcess.StartAsync(cluster, "portal-a");
        var a = new JobsClient(doomed.OperatorClient(), cluster.Cloud);
        var survivor = cluster.Instance("portal-b");
        var b = new JobsClient(survivor);
        var held = await PortalCluster.HeldBackAsync(survivor);
        var before = cluster.Updates("staging");
        var id = await a.AcceptedAsync("/api/environments/staging/deployments", new { imageTag = "v2" });
        await a.StepAsync(id, "us-east-1: wait for App Runner", "Running");

        // The job runs on the doomed instance; only cluster recovery, once its check-ins stop, can bring it to the survivor.
        await held.Start();
        await doomed.KillAsync();

        var job = await b.FinishedAsync(id);
        Assert.True(job.GetProperty("state").GetString() == "Succeeded", $"{job}\n{doomed.Output}");
        var after = cluster.Updates("staging");
        foreach (var region in new[] { "us-east-1", "us-east-2" })
        {
            Assert.True(after[region] - before[region] == 1, $"{region} was updated {after[region] - before[region]} times: {job}");
            Assert.Equal(("RUNNING", "v2"), (b.Service("staging", region).Status, b.Service("staging", region).Tag));
        }
        var steps = job.GetProperty("steps").EnumerateArray().ToList();
        Assert.Single(steps, s => s.GetProperty("name").GetString() == "us-east-1: deploy v2");
        Assert.Contains(steps, s => s.GetProperty("name").GetString() == "us-east-1: wait for App Runner" && s.GetProperty("state").GetString() == "Interrupted");
    }
}
