using Microsoft.Extensions.Logging.Abstractions;
using Portal.LocalCloud;

namespace Portal.Tests.Jobs;

/// <summary>A portal restart in the middle of a rollout: the job resumes from its last completed step and updates no region twice.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task A_restart_in_the_middle_of_a_rollout_resumes_without_updating_a_region_twice()
    {
        // The regions outlive both portals; a slower clock than the other tests leaves time to stop mid-deployment.
        await using var cloud = await LocalCloudHost.StartAsync(
            new LocalCloudOptions { Port = 0, TimeScale = 0.02, TrafficRatePerSecond = 0, BudgetTimeScale = PortalApplication.BudgetTimeScale },
                NullLoggerFactory.Instance);
        var directory = Path.Combine(Path.GetTempPath(), "portal-tests-data", Guid.NewGuid().ToString("N"));
        var updatesBefore = Updates(cloud);

        string id;
        var first = new PortalApplication().With("Portal:Data:Directory", directory).WithLocalCloud(cloud);
        await using (first)
        {
            var jobs = new JobsClient(first);
            id = await jobs.AcceptedAsync("/api/environments/staging/deployments", new { imageTag = "v2" });
            await jobs.StepAsync(id, "us-east-1: wait for App Runner", "Running");
        }

        var second = new PortalApplication().With("Portal:Data:Directory", directory).WithLocalCloud(cloud);
        await using (second)
        {
            var jobs = new JobsClient(second);
            var job = await jobs.FinishedAsync(id);

            Assert.Equal("Succeeded", job.GetProperty("state").GetString());
            var updates = Updates(cloud);
            foreach (var region in new[] { "us-east-1", "us-east-2" })
            {
                Assert.True(updates[region] - updatesBefore[region] == 1, $"{region} was updated {updates[region] - updatesBefore[region]} times: {job}");
                Assert.Equal("RUNNING", jobs.Service("staging", region).Status);
                Assert.Equal("v2", jobs.Service("staging", region).Tag);
            }
            var steps = job.GetProperty("steps").EnumerateArray().ToList();
            // The deploy step ran once; the wait it was in when the portal stopped ran again and says so.
            Assert.Single(steps, s => s.GetProperty("name").GetString() == "us-east-1: deploy v2");
            Assert.Contains(steps, s => s.GetProperty("name").GetString() == "us-east-1: wait for App Runner"
                && s.GetProperty("state").GetString() == "Succeeded");
        }
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task A_bake_resumed_after_a_restart_first_checks_the_region_still_runs_the_deployed_image()
    {
        await using var cloud = await LocalCloudHost.StartAsync(
            new LocalCloudOptions { Port = 0, TimeScale = 0.02, TrafficRatePerSecond = 0, BudgetTimeScale = PortalApplication.BudgetTimeScale },
                NullLoggerFactory.Instance);
        var directory = Path.Combine(Path.GetTempPath(), "portal-tests-data", Guid.NewGuid().ToString("N"));

        string id;
        var first = new PortalApplication().With("Portal:Data:Directory", directory).With("Portal:Operations:BakeTime", "00:00:30").WithLocalCloud(cloud);
        await using (first)
        {
            var jobs = new JobsClient(first);
            id = await jobs.AcceptedAsync("/api/environments/staging/deployments", new { imageTag = "v2" });
            await jobs.StepAsync(id, "us-east-1: bake", "Running");
        }

        // While no portal runs, someone puts v1 back in us-east-1 (as App Runner's or a person's rollback would).
        lock (cloud.World.Gate)
        {
            var service = cloud.World.Services.Single(s => s.Environment == "staging" && s.Region == "us-east-1");
            service.ImageIdentifier = service.ImageIdentifier.Replace(":v2", ":v1", StringComparison.Ordinal);
        }

        var second = new PortalApplication().With("Portal:Data:Directory", directory).With("Portal:Operations:BakeTime", "00:00:30").WithLocalCloud(cloud);
        await using (second)
        {
            var jobs = new JobsClient(second);
            var job = await jobs.FinishedAsync(id);

            Assert.Equal("Failed", job.GetProperty("state").GetString());
            var bake = job.GetProperty("steps").EnumerateArray().Last(s => s.GetProperty("name").GetString() == "us-east-1: bake 30 s");
            Assert.Equal("Failed", bake.GetProperty("state").GetString());
            Assert.Contains("us-east-1 is RUNNING on v1, not RUNNING v2 (it changed while the portal was away)", bake.GetProperty("message").GetString());
            Assert.Equal("v1", jobs.Service("staging", "us-east-2").Tag);
        }
        Directory.Delete(directory, recursive: true);
    }

    private static Dictionary<string, int> Updates(LocalCloudHost cloud) => CloudCounts.Updates(cloud, "staging");
}
