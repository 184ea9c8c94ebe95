using System.Net;
using System.Net.Http.Json;

namespace Portal.Tests.Jobs;

/// <summary>Deployments and rollbacks through the JSON API, against LocalCloud's two regions.</summary>
public sealed class DeploymentTests : PortalPerTest
{
    [Fact]
    public async Task A_deployment_rolls_out_region_by_region_and_succeeds()
    {
        var id = await Jobs.AcceptedAsync("/api/environments/staging/deployments", new { imageTag = "v2" });
        var job = await Jobs.FinishedAsync(id);

        Assert.Equal("Succeeded", job.GetProperty("state").GetString());
        Assert.Equal("Deploy", job.GetProperty("kind").GetString());
        Assert.Equal("staging", job.GetProperty("environment").GetString());
        Assert.Equal("local-token", job.GetProperty("requestedBy").GetString());
        var steps = JobsClient.StepNames(job);
        Assert.Equal(
        [
            "Check every region can be deployed",
            "us-east-1: image v2 in ECR", "us-east-1: deploy v2", "us-east-1: wait for App Runner", "us-east-1: bake 500 ms",
            "us-east-2: image v2 in ECR", "us-east-2: deploy v2", "us-east-2: wait for App Runner", "us-east-2: bake 500 ms",
        ], steps);
        foreach (var step in job.GetProperty("steps").EnumerateArray())
        {
            Assert.Equal("Succeeded", step.GetProperty("state").GetString());
            Assert.True(step.GetProperty("endedAt").GetDateTimeOffset() >= step.GetProperty("startedAt").GetDateTimeOffset());
        }
        foreach (var region in new[] { "us-east-1", "us-east-2" })
            Jobs.AssertService("staging", region, ("RUNNING", "v2", 1), job);
        // The other environment is not touched.
        Jobs.AssertService("production", "us-east-1", ("RUNNING", "v1", 0), job);
    }

    [Fact]
    public async Task A_deployment_keeps_each_service_configuration_and_the_job_page_says_what_it_kept()
    {
        var before = Configurations("staging");
        var id = await Jobs.AcceptedAsync("/api/environments/staging/deployments", new { imageTag = "v2" });
        var job = await Jobs.FinishedAsync(id);

        // The bake passed: the app found its port, variables and secret after the update.
        Assert.True(job.GetProperty("state").GetString() == "Succeeded", job.ToString());
        Assert.Equal(before, Configurations("staging"));
        const string kept = "kept: port 3000, 4 variables, 1 secret, start command, access role, auto deployments off";
        foreach (var region in new[] { "us-east-1", "us-east-2" })
        {
            Jobs.AssertService("staging", region, ("RUNNING", "v2", 1), job);
            var step = job.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("name").GetString() == $"{region}: deploy v2");
            Assert.Contains(kept, step.GetProperty("message").GetString());
        }
        var page = await Jobs.Http.GetStringAsync($"/jobs/{id}");
        Assert.Contains(kept, page);
        // A job without canary analyses draws no chart, so its page skips Chart.js.
        Assert.DoesNotContain("/lib/chart.js/dist/chart.umd.js", page);
        // Names and counts, never values: no variable value or secret ARN reaches the job's record or page.
        Assert.DoesNotContain("secretsmanager", job.ToString());
        Assert.DoesNotContain("secretsmanager", page);
        Assert.DoesNotContain("node server.js", page);
    }

    /// <summary>Each region's source configuration besides the image, as LocalCloud holds it, in a comparable form.</summary>
    private string Configurations(string environment)
    {
        // The client starts the portal and its LocalCloud, as every JobsClient read does first.
        _ = Jobs.Http;
        var world = App.LocalCloud.World;
        lock (world.Gate)
            return string.Join("\n", world.Services.Where(s => s.Environment == environment).OrderBy(s => s.Region).Select(s =>
                $"{s.Region} port={s.Source.Image.Port} start={s.Source.Image.StartCommand} role={s.Source.AccessRoleArn} " +
                    $"auto={s.Source.AutoDeploymentsEnabled} " +
                $"vars={string.Join(",", s.Source.Image.Variables.OrderBy(v => v.Key).Select(v => $"{v.Key}={v.Value}"))} " +
                $"secrets={string.Join(",", s.Source.Image.Secrets.OrderBy(v => v.Key).Select(v => $"{v.Key}={v.Value}"))}"));
    }

    [Fact]
    public async Task A_broken_image_rolls_its_region_back_and_leaves_the_next_region_untouched()
    {
        var id = await Jobs.AcceptedAsync("/api/environments/staging/deployments", new { imageTag = "v3-broken" });
        var job = await Jobs.FinishedAsync(id);

        Assert.Equal("Failed", job.GetProperty("state").GetString());
        var outcome = JobsClient.Outcome(job);
        Assert.Contains("Failed in us-east-1", outcome);
        Assert.Contains("us-east-1 was rolled back to v1", outcome);
        Assert.Contains("us-east-1 RUNNING v1, us-east-2 RUNNING v1", outcome);
        Assert.Contains("us-east-1: roll back to v1", JobsClient.StepNames(job));
        // The rollback, too, sends the configuration back whole and says so.
        var rollback = job.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "us-east-1: roll back to v1");
        Assert.Contains("kept: port 3000, 4 variables, 1 secret", rollback.GetProperty("message").GetString());
        Assert.DoesNotContain(JobsClient.StepNames(job), s => s.StartsWith("us-east-2", StringComparison.Ordinal));
        // Deployed, then rolled back: two updates in us-east-1; none in us-east-2.
        Jobs.AssertService("staging", "us-east-1", ("RUNNING", "v1", 2), job);
        Jobs.AssertService("staging", "us-east-2", ("RUNNING", "v1", 0), job);
    }

    [Fact]
    public async Task An_image_missing_in_the_second_region_waits_then_fails_cleanly()
    {
        await Jobs.LocalCloudAsync("/_localcloud/images", new { tag = "v4-east1-only", replicate = false });

        var id = await Jobs.AcceptedAsync("/api/environments/staging/deployments", new { imageTag = "v4-east1-only" });
        await Jobs.StepAsync(id, "us-east-2: image v4-east1-only in ECR", "Running");
        var job = await Jobs.FinishedAsync(id);

        Assert.Equal("Failed", job.GetProperty("state").GetString());
        var outcome = JobsClient.Outcome(job);
        Assert.Contains("webapp:v4-east1-only did not appear in us-east-2's ECR within 5 s", outcome);
        Assert.Contains("us-east-2 was not changed", outcome);
        Assert.Contains("Already deployed and left as they are: us-east-1", outcome);
        Jobs.AssertService("staging", "us-east-1", ("RUNNING", "v4-east1-only", 1), job);
        Jobs.AssertService("staging", "us-east-2", ("RUNNING", "v1", 0), job);
    }

    [Fact]
    public async Task Roll_back_returns_every_region_to_the_image_before_the_last_deployment()
    {
        var refused = await Jobs.PostAsync("/api/environments/staging/rollback");
        var text = await refused.Content.ReadAsStringAsync();
        Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, text);
        Assert.True(text.Contains("no record of a deployment", StringComparison.Ordinal), text);

        Assert.Equal("Succeeded", (await Jobs.FinishedAsync(await Jobs.AcceptedAsync("/api/environments/staging/deployments", new { imageTag = "v2" })))
            .GetProperty("state").GetString());
        var id = await Jobs.AcceptedAsync("/api/environments/staging/rollback");
        var job = await Jobs.FinishedAsync(id);

        Assert.Equal("Succeeded", job.GetProperty("state").GetString());
        Assert.Equal("Rollback", job.GetProperty("kind").GetString());
        Jobs.AssertService("staging", "us-east-1", ("RUNNING", "v1", 2), job);
        Jobs.AssertService("staging", "us-east-2", ("RUNNING", "v1", 2), job);
    }

    [Fact]
    public async Task A_deployment_with_drain_takes_each_region_out_of_rotation_and_puts_it_back()
    {
        var id = await Jobs.AcceptedAsync("/api/environments/staging/deployments", new { imageTag = "v2", drain = true });
        await Jobs.StepAsync(id, "us-east-1: deploy v2", "Succeeded");
        var during = await Jobs.WeightsAsync("staging");
        var job = await Jobs.FinishedAsync(id);

        Assert.Equal("Succeeded", job.GetProperty("state").GetString());
        Assert.Equal(0, during["us-east-1"]);
        Assert.Contains("us-east-2: restore weight", JobsClient.StepNames(job));
        var after = await Jobs.WeightsAsync("staging");
        Assert.Equal(128, after["us-east-1"]);
        Assert.Equal(128, after["us-east-2"]);
    }

    [Fact]
    public async Task A_deployment_survives_throttling()
    {
        // Production retries (the tests' default is one retry, to keep failure tests quick).
        App.With("Aws:Resilience:MaxRetries", "8");
        await Jobs.LocalCloudAsync("/_localcloud/faults/throttle", new { fraction = 0.2, service = "apprunner" });
        var id = await Jobs.AcceptedAsync("/api/environments/staging/deployments", new { imageTag = "v2" });
        var job = await Jobs.FinishedAsync(id);

        Assert.True(job.GetProperty("state").GetString() == "Succeeded", job.ToString());
        Jobs.AssertService("staging", "us-east-1", ("RUNNING", "v2", 1), job);
        Jobs.AssertService("staging", "us-east-2", ("RUNNING", "v2", 1), job);
        Assert.True(Jobs.Calls("apprunner:DescribeService") > 0);
    }
}
