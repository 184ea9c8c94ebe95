using Microsoft.Extensions.Logging.Abstractions;
using Portal.LocalCloud;

namespace Portal.Tests.Jobs;

/// <summary>A portal restart in the middle of a health-check drill: the resumed job still un-inverts the check.</summary>
public sealed class DrillRestartTests
{
    [Fact]
    public async Task A_restart_mid_drill_resumes_the_hold_and_then_restores_the_health_check()
    {
        await using var cloud = await LocalCloudHost.StartAsync(
            new LocalCloudOptions { Port = 0, TimeScale = 0.005, TrafficRatePerSecond = 0, BudgetTimeScale = PortalApplication.BudgetTimeScale },
                NullLoggerFactory.Instance);
        var directory = Path.Combine(Path.GetTempPath(), "portal-tests-data", Guid.NewGuid().ToString("N"));
        var checkId = cloud.World.Environments.Single(e => e.Name == "staging").Regions[1].HealthCheckId;
        bool Inverted() { lock (cloud.World.Gate) return cloud.World.HealthChecks.Single(h => h.Id == checkId).Inverted; }

        string id;
        var first = new PortalApplication().With("Portal:Data:Directory", directory).WithLocalCloud(cloud);
        await using (first)
        {
            var jobs = new JobsClient(first);
            id = await jobs.AcceptedAsync("/api/environments/staging/drills", new { kind = "healthcheck", region = "us-east-2", hold = "00:00:03" });
            await jobs.StepAsync(id, "Hold", "Running");
            Assert.True(Inverted());
        }
        // The first portal is gone mid-hold: nothing has put the check back yet.
        Assert.True(Inverted());

        var second = new PortalApplication().With("Portal:Data:Directory", directory).WithLocalCloud(cloud);
        await using (second)
        {
            var jobs = new JobsClient(second);
            var job = await jobs.FinishedAsync(id);

            Assert.True(job.GetProperty("state").GetString() == "Succeeded", job.ToString());
            Assert.False(Inverted());
            var steps = JobsClient.StepNames(job);
            Assert.Single(steps, s => s == "us-east-2: invert its health check");
            Assert.Contains("us-east-2: un-invert its health check", steps);
        }
        Directory.Delete(directory, recursive: true);
    }
}
