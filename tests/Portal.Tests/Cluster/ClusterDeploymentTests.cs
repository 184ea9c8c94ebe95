using System.Net;
using System.Text.Json;
using Portal.Tests.Jobs;

namespace Portal.Tests.Cluster;

/// <summary>Two portal instances on one PostgreSQL store: a job runs once, whichever instance was asked, and both show it.</summary>
public sealed class ClusterDeploymentTests
{
    [Fact]
    public async Task A_deployment_submitted_to_one_instance_runs_once_across_both_and_the_other_shows_it_running()
    {
        await using var cluster = await PortalCluster.StartAsync();
        var (a, b) = BothStarted(cluster);
        var before = cluster.Updates("staging");

        var id = await a.AcceptedAsync("/api/environments/staging/deployments", new { imageTag = "v2" });

        await b.StepAsync(id, "us-east-1: wait for App Runner", "Running");
        Assert.Equal("Running", (await b.JobAsync(id)).GetProperty("state").GetString());
        var job = await b.FinishedAsync(id);
        Assert.True(job.GetProperty("state").GetString() == "Succeeded", $"{job}");
        cluster.AssertUpdatedOnce("staging", before, job);
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
        var (a, b) = BothStarted(cluster);
        var before = cluster.Updates("staging");

        var first = await a.AcceptedAsync("/api/environments/staging/deployments", new { imageTag = "v2" });
        var second = await b.PostAsync("/api/environments/staging/deployments", new { imageTag = "v2" });

        var problem = JsonDocument.Parse(await second.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(first, problem.GetProperty("activeJobId").GetString());
        Assert.Equal(1, await b.JobCountAsync());
        var job = await a.FinishedAsync(first);
        Assert.True(job.GetProperty("state").GetString() == "Succeeded", $"{job}");
        cluster.AssertUpdatedOnce("staging", before, job);
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

    /// <summary>Two instances, both up before anything is submitted: either may take a job.</summary>
    private static (JobsClient A, JobsClient B) BothStarted(PortalCluster cluster)
    {
        var a = new JobsClient(cluster.Instance("portal-a"));
        var b = new JobsClient(cluster.Instance("portal-b"));
        _ = a.Http;
        _ = b.Http;
        return (a, b);
    }
}
