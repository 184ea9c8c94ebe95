namespace Portal.Tests.Jobs;

/// <summary>A failed rollout's outcome says what it changed and what it could not read, and never blames an untouched region.</summary>
public sealed class DeploymentOutcomeTests : PortalPerTest
{
    public override Task InitializeAsync()
    {
        App.With("Portal:Operations:BakeTime", "00:00:02");
        return base.InitializeAsync();
    }

    [Fact]
    public async Task A_region_that_fails_during_another_regions_bake_is_reported_unread_and_unchanged_not_needing_a_person()
    {
        var id = await Jobs.AcceptedAsync("/api/environments/staging/deployments", new { imageTag = "v2" });
        await Jobs.StepAsync(id, "us-east-1: bake", "Running");
        App.LocalCloud.Faults.SetRegionDown("us-east-2", true);

        var job = await Jobs.FinishedAsync(id);
        var outcome = JobsClient.Outcome(job);

        Assert.Equal("Failed", job.GetProperty("state").GetString());
        Assert.Contains("Failed in us-east-2", outcome);
        Assert.Contains("us-east-2 was not changed (UpdateService was never called there).", outcome);
        Assert.Contains("Already deployed and left as they are: us-east-1.", outcome);
        Assert.Contains("us-east-2 unknown (", outcome);
        Assert.DoesNotContain("needs a person", outcome);
        Assert.DoesNotContain(JobsClient.StepNames(job), s => s.StartsWith("us-east-2: roll back", StringComparison.Ordinal));
        App.LocalCloud.Faults.SetRegionDown("us-east-2", false);
        Jobs.AssertService("staging", "us-east-2", ("RUNNING", "v1", 0), job);
    }
}
