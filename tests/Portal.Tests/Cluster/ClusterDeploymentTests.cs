using System.Net;
using System.Text.Json;
using Portal.Tests.Jobs;

namespace Portal.Tests.Cluster;

/// <summary>Two portal instances on one PostgreSQL store: a job runs once, whichever instance was asked, and both show it.</summary>
public sealed class ClusterDeploymentTests
{
    private static readonly string[] Regions = ["us-east-1", "us-east-2"];

    [Fact]
    public async Task A_deployment_submitted_to_one_instance_runs_once_across_both_and_the_other_shows_it_running()
    {
        await using var cluster = await PortalCluster.StartAsync();
        var a = new JobsClient(cluster.Instance("portal-a"));
        var b = new JobsClient(cluster.Instance("portal-b"));
        _ = b.Http;
        var before = cluster.Updates("staging");

        var id = await a.AcceptedAsync("/api/environments/staging/deployments", new { imageTag = "v2" });

        await b.StepAsync(id, "us-east-1: wait for App Runner", "Running");
        Assert.Equal("Running", (await b.JobAsync(id)).GetProperty("state").GetString());
        var job = await b.FinishedAsync(id);
        Assert.True(job.GetProperty("state").GetString() == "Succeeded", $"{job}");
        AssertUpdatedOnce(cluster, before, job);
        // One record, seen alike by both; no step ran twice (a second run would have added steps).
        Assert.Equal(1, await a.JobCountAsync());
        Assert.Equal(1, await b.JobCountAsync());
        Assert.Equal(job.ToString(), (await a.JobAsync(id)).ToString());
        var steps = JobsClient.StepNames(job);
        Assert.Equal(steps.Distinct().Count(), steps.Length);
    }

    [Fact]
    public async Task While_one_instance_runs_an_operation_the_other_refuses_a_second_one_for_that_environment()
    {
        await using var cluster = await PortalCluster.StartAsync();
        var a = new JobsClient(cluster.Instance("portal-a"));
        var b = new JobsClient(cluster.Instance("portal-b"));
        _ = b.Http;
        var before = cluster.Updates("staging");

        var first = await a.AcceptedAsync("/api/environments/staging/deployments", new { imageTag = "v2" });
        var second = await b.PostAsync("/api/environments/staging/deployments", new { imageTag = "v2" });

        var problem = JsonDocument.Parse(await second.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(first, problem.GetProperty("activeJobId").GetString());
        Assert.Equal(1, await b.JobCountAsync());
        var job = await a.FinishedAsync(first);
        Assert.True(job.GetProperty("state").GetString() == "Succeeded", $"{job}");
        AssertUpdatedOnce(cluster, before, job);
    }

    [Fact]
    public async Task An_instance_stopped_mid_rollout_hands_the_job_to_the_other_which_finishes_it_without_updating_a_region_twice()
    {
        // A slower clock than the other tests leaves time to stop the first instance in the middle of the rollout.
        await using var cluster = await PortalCluster.StartAsync(timeScale: 0.02);
        var first = cluster.Instance("portal-a");
        var a = new JobsClient(first);
        var second = cluster.Instance("portal-b");
        var b = new JobsClient(second);
        var held = await PortalCluster.HeldBackAsync(second);
        var before = cluster.Updates("staging");
        var id = await a.AcceptedAsync("/api/environments/staging/deployments", new { imageTag = "v2" });
        await a.StepAsync(id, "us-east-1: wait for App Runner", "Running");

        // The job runs on the first instance; only a hand-over can bring it to the second.
        await held.Start();
        await first.DisposeAsync();

        var job = await b.FinishedAsync(id);
        Assert.True(job.GetProperty("state").GetString() == "Succeeded", $"{job}");
        AssertUpdatedOnce(cluster, before, job);
        var steps = job.GetProperty("steps").EnumerateArray().ToList();
        Assert.Single(steps, s => s.GetProperty("name").GetString() == "us-east-1: deploy v2");
        Assert.Contains(steps, s => s.GetProperty("name").GetString() == "us-east-1: wait for App Runner" && s.GetProperty("state").GetString() == "Interrupted");
    }

    [Fact]
    public async Task A_job_running_on_one_instance_is_cancelled_from_the_other_at_its_next_safe_point()
    {
        await using var cluster = await PortalCluster.StartAsync();
        // A long bake leaves time to cancel in the middle of it.
        var a = new JobsClient(cluster.Instance("portal-a").With("Portal:Operations:BakeTime", "00:00:30"));
        var second = cluster.Instance("portal-b");
        var b = new JobsClient(second);
        await PortalCluster.HeldBackAsync(second);
        var before = cluster.Updates("staging");
        var id = await a.AcceptedAsync("/api/environments/staging/deployments", new { imageTag = "v2" });
        await a.StepAsync(id, "us-east-1: bake", "Running");

        Assert.Equal(HttpStatusCode.Accepted, (await b.PostAsync($"/api/jobs/{id}/cancel")).StatusCode);

        var job = await b.FinishedAsync(id);
        Assert.True(job.GetProperty("state").GetString() == "Cancelled", $"{job}");
        Assert.Contains("Cancelled in us-east-1", JobsClient.Outcome(job));
        Assert.DoesNotContain(JobsClient.StepNames(job), s => s.StartsWith("us-east-2", StringComparison.Ordinal));
        var after = cluster.Updates("staging");
        Assert.Equal((1, 0), (after["us-east-1"] - before["us-east-1"], after["us-east-2"] - before["us-east-2"]));
    }

    private static void AssertUpdatedOnce(PortalCluster cluster, Dictionary<string, int> before, JsonElement job)
    {
        var after = cluster.Updates("staging");
        foreach (var region in Regions)
            Assert.True(after[region] - before[region] == 1, $"{region} was updated {after[region] - before[region]} times: {job}");
    }
}
