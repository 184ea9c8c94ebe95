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
            new LocalCloudOptions { Port = 0, TimeScale = 0.02, TrafficRatePerSecond = 0 }, NullLoggerFactory.Instance);
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

    private static Dictionary<string, int> Updates(LocalCloudHost cloud)
    {
        lock (cloud.World.Gate)
            return cloud.World.Services.Where(s => s.Environment == "staging")
                .ToDictionary(s => s.Region, s => s.Operations.Count(o => o.Type == "UPDATE_SERVICE"));
    }
}
