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
        var directory = Path.Combine(Path.GetTempPath(), "portal-tests", Guid.NewGuid().ToString("n"));

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
            Assert.Equal(("RUNNING", "v2", 1), jobs.Service("staging", "us-east-1"));
            Assert.Equal(("RUNNING", "v2", 1), jobs.Service("staging", "us-east-2"));
            var steps = job.GetProperty("steps").EnumerateArray().ToList();
            // The deploy step ran once; the wait it was in when the portal stopped ran again and says so.
            Assert.Single(steps, s => s.GetProperty("name").GetString() == "us-east-1: deploy v2");
            Assert.Contains(steps, s => s.GetProperty("name").GetString() == "us-east-1: wait for App Runner"
                && s.GetProperty("state").GetString() == "Succeeded");
        }
    }
}
