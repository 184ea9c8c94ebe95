using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Portal.Tests.Jobs;

/// <summary>Rebalancing and its guardrails, against LocalCloud's Route 53.</summary>
public sealed class RebalanceTests : PortalPerTest
{
    [Fact]
    public async Task A_rebalance_sets_the_weights_and_waits_for_INSYNC()
    {
        var id = await Jobs.AcceptedAsync("/api/environments/staging/weights",
            new { weights = new Dictionary<string, int> { ["us-east-1"] = 255, ["us-east-2"] = 0 } });
        var job = await Jobs.FinishedAsync(id);

        Assert.Equal("Succeeded", job.GetProperty("state").GetString());
        Assert.Equal(["Check the guardrails", "Set the weights", "Wait for INSYNC"], JobsClient.StepNames(job));
        Assert.Contains("us-east-1 100%, us-east-2 0%", job.GetProperty("steps")[0].GetProperty("message").GetString());
        Assert.Equal(new Dictionary<string, int> { ["us-east-1"] = 255, ["us-east-2"] = 0 }, await Jobs.WeightsAsync("staging"));
        Assert.Equal(new Dictionary<string, int> { ["us-east-1"] = 128, ["us-east-2"] = 128 }, await Jobs.WeightsAsync("production"));
    }

    [Fact]
    public async Task All_zero_is_refused_unless_asked_for_and_then_means_an_even_split()
    {
        var refused = await Jobs.PostAsync("/api/environments/staging/weights",
            new { weights = new Dictionary<string, int> { ["us-east-1"] = 0, ["us-east-2"] = 0 } });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);

        var id = await Jobs.AcceptedAsync("/api/environments/staging/weights",
            new { weights = new Dictionary<string, int> { ["us-east-1"] = 0, ["us-east-2"] = 0 }, allowAllZero = true });
        var job = await Jobs.FinishedAsync(id);
        Assert.Equal("Succeeded", job.GetProperty("state").GetString());
        Assert.Contains("us-east-1 50%, us-east-2 50%", job.GetProperty("steps")[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task Rebalance_refuses_to_send_all_traffic_to_an_unhealthy_region()
    {
        _ = Jobs.Http;
        var pause = await Jobs.Http.PostAsync("/api/environments/staging/pause", JsonContent.Create(new { region = "us-east-2" }));
        Assert.Equal(HttpStatusCode.Accepted, pause.StatusCode);
        // The dashboard's snapshot must see the paused region fail its health check before the guardrail can.
        var pauseJob = JsonDocument.Parse(await pause.Content.ReadAsStringAsync()).RootElement.GetProperty("jobId").GetString()!;
        Assert.Equal("Succeeded", (await Jobs.FinishedAsync(pauseJob)).GetProperty("state").GetString());
        Assert.True(await Eventually.Async(async () =>
        {
            using var status = await Jobs.Http.GetAsync("/api/environments/staging/status");
            return status.IsSuccessStatusCode && JsonDocument.Parse(await status.Content.ReadAsStringAsync()).RootElement.GetProperty("regions")
                .EnumerateArray().Single(r => r.GetProperty("region").GetString() == "us-east-2").GetProperty("verdict").GetProperty("level")
                    .GetString() == "paused";
        }));

        var before = await Jobs.JobCountAsync();
        var refused = await Jobs.PostAsync("/api/environments/staging/weights",
            new { weights = new Dictionary<string, int> { ["us-east-1"] = 0, ["us-east-2"] = 255 } });
        var text = await refused.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("sends all traffic to us-east-2, which is unhealthy or paused, and away from us-east-1, which is healthy", text);
        Assert.Equal(before, await Jobs.JobCountAsync());
    }

    [Fact]
    public async Task A_second_change_while_one_is_in_flight_is_refused_with_the_active_job()
    {
        var first = await Jobs.AcceptedAsync("/api/environments/staging/weights",
            new { weights = new Dictionary<string, int> { ["us-east-1"] = 200, ["us-east-2"] = 50 } });
        var second = await Jobs.PostAsync("/api/environments/staging/weights",
            new { weights = new Dictionary<string, int> { ["us-east-1"] = 50, ["us-east-2"] = 200 } });
        var problem = JsonDocument.Parse(await second.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(first, problem.GetProperty("activeJobId").GetString());
        Assert.Contains("already has operation", problem.GetProperty("detail").GetString());
        Assert.Equal("Succeeded", (await Jobs.FinishedAsync(first)).GetProperty("state").GetString());
        // The other environment is free meanwhile, and this one once the first is done.
        await Jobs.AcceptedAsync("/api/environments/staging/weights",
            new { weights = new Dictionary<string, int> { ["us-east-1"] = 128, ["us-east-2"] = 128 } });
    }

    [Fact]
    public async Task A_failing_Route_53_API_fails_the_job_with_the_failover_guidance()
    {
        _ = Jobs.Http;
        await Jobs.LocalCloudAsync("/_localcloud/faults/route53-outage", new { enabled = true });

        var id = await Jobs.AcceptedAsync("/api/environments/staging/weights",
            new { weights = new Dictionary<string, int> { ["us-east-1"] = 255, ["us-east-2"] = 0 } });
        var job = await Jobs.FinishedAsync(id);

        Assert.Equal("Failed", job.GetProperty("state").GetString());
        Assert.True(JobsClient.Outcome(job).Contains("Health-check failover keeps working", StringComparison.Ordinal), job.ToString());
    }
}
