using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Portal.Tests.Jobs;

/// <summary>Rebalancing and its guardrails, against LocalCloud's Route 53.</summary>
public sealed class RebalanceTests : IAsyncLifetime
{
    private readonly PortalApplication _app = new();
    private JobsClient _jobs = null!;

    public Task InitializeAsync()
    {
        _jobs = new JobsClient(_app);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_rebalance_sets_the_weights_and_waits_for_INSYNC()
    {
        var id = await _jobs.AcceptedAsync("/api/environments/staging/weights", new { weights = new Dictionary<string, int> { ["us-east-1"] = 255, ["us-east-2"] = 0 } });
        var job = await _jobs.FinishedAsync(id);

        Assert.Equal("Succeeded", job.GetProperty("state").GetString());
        Assert.Equal(["Check the guardrails", "Set the weights", "Wait for INSYNC"], JobsClient.StepNames(job));
        Assert.Contains("us-east-1 100%, us-east-2 0%", job.GetProperty("steps")[0].GetProperty("message").GetString());
        Assert.Equal(new Dictionary<string, int> { ["us-east-1"] = 255, ["us-east-2"] = 0 }, await _jobs.WeightsAsync("staging"));
        Assert.Equal(new Dictionary<string, int> { ["us-east-1"] = 128, ["us-east-2"] = 128 }, await _jobs.WeightsAsync("production"));
    }

    [Fact]
    public async Task All_zero_is_refused_unless_asked_for_and_then_means_an_even_split()
    {
        var refused = await _jobs.PostAsync("/api/environments/staging/weights", new { weights = new Dictionary<string, int> { ["us-east-1"] = 0, ["us-east-2"] = 0 } });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);

        var id = await _jobs.AcceptedAsync("/api/environments/staging/weights", new { weights = new Dictionary<string, int> { ["us-east-1"] = 0, ["us-east-2"] = 0 }, allowAllZero = true });
        var job = await _jobs.FinishedAsync(id);
        Assert.Equal("Succeeded", job.GetProperty("state").GetString());
        Assert.Contains("us-east-1 50%, us-east-2 50%", job.GetProperty("steps")[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task Rebalance_refuses_to_send_all_traffic_to_an_unhealthy_region()
    {
        _ = _jobs.Http;
        var pause = await _jobs.Http.PostAsync("/api/environments/staging/pause", JsonContent.Create(new { region = "us-east-2" }));
        Assert.Equal(HttpStatusCode.Accepted, pause.StatusCode);
        // The dashboard's snapshot must see the paused region fail its health check before the guardrail can.
        var pauseJob = JsonDocument.Parse(await pause.Content.ReadAsStringAsync()).RootElement.GetProperty("jobId").GetString()!;
        Assert.Equal("Succeeded", (await _jobs.FinishedAsync(pauseJob)).GetProperty("state").GetString());
        Assert.True(await Eventually.Async(async () =>
        {
            using var status = await _jobs.Http.GetAsync("/api/environments/staging/status");
            return status.IsSuccessStatusCode && JsonDocument.Parse(await status.Content.ReadAsStringAsync()).RootElement.GetProperty("regions")
                .EnumerateArray().Single(r => r.GetProperty("region").GetString() == "us-east-2").GetProperty("verdict").GetProperty("level").GetString() == "paused";
        }));

        var before = await _jobs.JobCountAsync();
        var refused = await _jobs.PostAsync("/api/environments/staging/weights", new { weights = new Dictionary<string, int> { ["us-east-1"] = 0, ["us-east-2"] = 255 } });
        var text = await refused.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("sends all traffic to us-east-2, which is unhealthy or paused, and away from us-east-1, which is healthy", text);
        Assert.Equal(before, await _jobs.JobCountAsync());
    }

    [Fact]
    public async Task A_second_change_while_one_is_in_flight_is_refused_with_the_active_job()
    {
        var first = await _jobs.AcceptedAsync("/api/environments/staging/weights", new { weights = new Dictionary<string, int> { ["us-east-1"] = 200, ["us-east-2"] = 50 } });
        var second = await _jobs.PostAsync("/api/environments/staging/weights", new { weights = new Dictionary<string, int> { ["us-east-1"] = 50, ["us-east-2"] = 200 } });
        var problem = JsonDocument.Parse(await second.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(first, problem.GetProperty("activeJobId").GetString());
        Assert.Contains("already has operation", problem.GetProperty("detail").GetString());
        Assert.Equal("Succeeded", (await _jobs.FinishedAsync(first)).GetProperty("state").GetString());
        // The other environment is free meanwhile, and this one once the first is done.
        await _jobs.AcceptedAsync("/api/environments/staging/weights", new { weights = new Dictionary<string, int> { ["us-east-1"] = 128, ["us-east-2"] = 128 } });
    }

    [Fact]
    public async Task A_failing_Route_53_API_fails_the_job_with_the_failover_guidance()
    {
        _ = _jobs.Http;
        await _jobs.LocalCloudAsync("/_localcloud/faults/route53-outage", new { enabled = true });

        var id = await _jobs.AcceptedAsync("/api/environments/staging/weights", new { weights = new Dictionary<string, int> { ["us-east-1"] = 255, ["us-east-2"] = 0 } });
        var job = await _jobs.FinishedAsync(id);

        Assert.Equal("Failed", job.GetProperty("state").GetString());
        Assert.True(JobsClient.Outcome(job).Contains("Health-check failover keeps working", StringComparison.Ordinal), job.ToString());
    }
}
