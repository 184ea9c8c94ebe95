using System.Net;

namespace Portal.Tests.Jobs;

/// <summary>Pausing and resuming an environment or one region, each only from the state it expects.</summary>
public sealed class PauseResumeTests : PortalPerTest
{
    [Fact]
    public async Task Pause_and_resume_one_region_then_the_whole_environment()
    {
        var pause = await Jobs.FinishedAsync(await Jobs.AcceptedAsync("/api/environments/staging/pause", new { region = "us-east-2" }));
        Assert.Equal("Succeeded", pause.GetProperty("state").GetString());
        Assert.Equal(["us-east-2: pause", "us-east-2: wait until PAUSED"], JobsClient.StepNames(pause));
        Assert.Equal("PAUSED", Jobs.Service("staging", "us-east-2").Status);
        Assert.Equal("RUNNING", Jobs.Service("staging", "us-east-1").Status);

        // The whole environment: us-east-2 is already paused, so only us-east-1 is paused now.
        var all = await Jobs.FinishedAsync(await Jobs.AcceptedAsync("/api/environments/staging/pause"));
        Assert.Equal("Succeeded", all.GetProperty("state").GetString());
        var skipped = all.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "us-east-2: pause");
        Assert.Equal("Skipped", skipped.GetProperty("state").GetString());
        Assert.Equal("us-east-2 is already PAUSED.", skipped.GetProperty("message").GetString());
        Assert.Equal("PAUSED", Jobs.Service("staging", "us-east-1").Status);

        var resume = await Jobs.FinishedAsync(await Jobs.AcceptedAsync("/api/environments/staging/resume"));
        Assert.Equal("Succeeded", resume.GetProperty("state").GetString());
        Assert.Contains("Resumed staging: us-east-1 RUNNING v1, us-east-2 RUNNING v1", JobsClient.Outcome(resume));
    }

    [Fact]
    public async Task A_paused_environment_cannot_be_deployed_and_the_refusal_says_why()
    {
        Assert.Equal("Succeeded", (await Jobs.FinishedAsync(await Jobs.AcceptedAsync("/api/environments/staging/pause", new { region = "us-east-1" })))
            .GetProperty("state").GetString());
        var job = await Jobs.FinishedAsync(await Jobs.AcceptedAsync("/api/environments/staging/deployments", new { imageTag = "v2" }));

        Assert.Equal("Failed", job.GetProperty("state").GetString());
        Assert.Contains("Nothing was changed: us-east-1 is PAUSED (a paused service cannot be deployed; resume it first)", JobsClient.Outcome(job));
        Jobs.AssertService("staging", "us-east-1", ("PAUSED", "v1", 0), job);
        Jobs.AssertService("staging", "us-east-2", ("RUNNING", "v1", 0), job);
    }

    [Fact]
    public async Task Pausing_a_protected_environment_needs_its_name_typed()
    {
        var refused = await Jobs.PostAsync("/api/environments/production/pause", new { region = "us-east-2" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("confirmEnvironment", await refused.Content.ReadAsStringAsync());

        var job = await Jobs.FinishedAsync(await Jobs.AcceptedAsync("/api/environments/production/pause",
            new { region = "us-east-2", confirmEnvironment = "production" }));
        Assert.Equal("Succeeded", job.GetProperty("state").GetString());
        Assert.Equal("PAUSED", Jobs.Service("production", "us-east-2").Status);
    }
}
