using System.Net;

namespace Portal.Tests.Jobs;

/// <summary>Cancelling a running job stops it at a safe point and says what it left; a failed job can be retried.</summary>
public sealed class CancelAndRetryTests : PortalPerTest
{
    public override Task InitializeAsync()
    {
        // A long bake leaves time to cancel in the middle of it.
        App.With("Portal:Operations:BakeTime", "00:00:30");
        return base.InitializeAsync();
    }

    [Fact]
    public async Task Cancelling_during_a_bake_stops_the_rollout_before_the_next_region()
    {
        var id = await Jobs.AcceptedAsync("/api/environments/staging/deployments", new { imageTag = "v2" });
        await Jobs.StepAsync(id, "us-east-1: bake", "Running");

        var cancel = await Jobs.PostAsync($"/api/jobs/{id}/cancel");
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        var job = await Jobs.FinishedAsync(id);

        Assert.Equal("Cancelled", job.GetProperty("state").GetString());
        Assert.True(job.GetProperty("cancelRequested").GetBoolean());
        Assert.Contains("Cancelled in us-east-1", JobsClient.Outcome(job));
        Assert.Contains("us-east-1 RUNNING v2, us-east-2 RUNNING v1", JobsClient.Outcome(job));
        Assert.DoesNotContain(JobsClient.StepNames(job), s => s.StartsWith("us-east-2", StringComparison.Ordinal));
        Jobs.AssertService("staging", "us-east-2", ("RUNNING", "v1", 0), job);

        // Finished: a second cancel has nothing to stop.
        Assert.Equal(HttpStatusCode.Conflict, (await Jobs.PostAsync($"/api/jobs/{id}/cancel")).StatusCode);
    }

    [Fact]
    public async Task A_failed_job_is_retried_as_a_new_job_that_names_the_old_one()
    {
        App.With("Portal:Operations:BakeTime", "00:00:00.200");
        var failed = await Jobs.FinishedAsync(await Jobs.AcceptedAsync("/api/environments/staging/deployments", new { imageTag = "v9-never-pushed" }));
        Assert.Equal("Failed", failed.GetProperty("state").GetString());

        // Meanwhile the image is pushed; the retry now finds it.
        await Jobs.LocalCloudAsync("/_localcloud/images", new { tag = "v9-never-pushed" });
        var retry = await Jobs.AcceptedAsync($"/api/jobs/{failed.GetProperty("id").GetString()}/retry");
        var job = await Jobs.FinishedAsync(retry);

        Assert.Equal("Succeeded", job.GetProperty("state").GetString());
        Assert.Equal(failed.GetProperty("id").GetString(), job.GetProperty("retryOf").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await Jobs.PostAsync($"/api/jobs/{retry}/retry")).StatusCode);
    }
}
