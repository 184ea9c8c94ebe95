using System.Net;
using System.Text;
using System.Text.Json;

namespace Portal.Tests.Jobs;

/// <summary>Failover drills through the JSON API against LocalCloud's Route 53: both kinds, cancel, exclusion, refusals, reports.</summary>
public sealed class DrillTests : PortalPerTest
{
    [Fact]
    public async Task An_evacuation_drill_sets_weight_0_holds_restores_and_leaves_a_downloadable_report()
    {
        var id = await Jobs.AcceptedAsync("/api/environments/staging/drills", new { kind = "evacuate", region = "us-east-2", hold = "00:00:05" });
        // A hold of 5 s, not less: the look below must land inside it on a busy machine.
        await Jobs.StepAsync(id, "Hold", "Running");
        Assert.Equal(new Dictionary<string, int> { ["us-east-1"] = 128, ["us-east-2"] = 0 }, await Jobs.WeightsAsync("staging"));
        var job = await Jobs.FinishedAsync(id);

        Assert.True(job.GetProperty("state").GetString() == "Succeeded", job.ToString());
        Assert.Equal(["Preflight", "us-east-2: weight 0", "us-east-2: wait for traffic to move", "Hold 5 s", "us-east-2: restore weight", "Report"],
            JobsClient.StepNames(job));
        Assert.Equal(new Dictionary<string, int> { ["us-east-1"] = 128, ["us-east-2"] = 128 }, await Jobs.WeightsAsync("staging"));
        // The capacity came through the App Runner adapter from LocalCloud's DescribeAutoScalingConfiguration (staging seeded 2 × 100).
        Assert.Contains("the other regions can serve 200 concurrent requests at most (us-east-1 2 × 100)", job.GetProperty("steps")[0].GetProperty("message")
            .GetString());

        var drill = JsonDocument.Parse(await Jobs.Http.GetStringAsync($"/api/drills/{id}")).RootElement;
        var report = drill.GetProperty("report");
        Assert.Equal("evacuate", drill.GetProperty("kind").GetString());
        Assert.Equal("Pass", report.GetProperty("verdict").GetString()); // no test traffic: movement not measured, nothing failed
        Assert.Contains(report.GetProperty("objectives").EnumerateArray(), o => o.GetProperty("name").GetString() == "Region put back" && o.GetProperty("met")
            .GetBoolean());
        var markdown = await Jobs.Http.GetAsync($"/api/drills/{id}/report.md");
        Assert.Equal("text/markdown", markdown.Content.Headers.ContentType?.MediaType);
        Assert.Contains("# Failover drill: staging us-east-2", await markdown.Content.ReadAsStringAsync());
        var list = JsonDocument.Parse(await Jobs.Http.GetStringAsync("/api/drills")).RootElement;
        Assert.Equal(id, list.GetProperty("items")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_health_check_drill_inverts_the_check_in_route_53_and_un_inverts_it()
    {
        var id = await Jobs.AcceptedAsync("/api/environments/staging/drills", new { kind = "healthcheck", region = "us-east-2", hold = "00:00:05" });
        await Jobs.StepAsync(id, "Hold", "Running");
        Assert.True(Inverted("staging", "us-east-2"));
        var job = await Jobs.FinishedAsync(id);

        Assert.True(job.GetProperty("state").GetString() == "Succeeded", job.ToString());
        Assert.False(Inverted("staging", "us-east-2"));
        Assert.Contains("us-east-2: un-invert its health check", JobsClient.StepNames(job));
        Assert.Equal(new Dictionary<string, int> { ["us-east-1"] = 128, ["us-east-2"] = 128 }, await Jobs.WeightsAsync("staging"));
    }

    [Fact]
    public async Task Cancel_mid_drill_restores_the_weight_and_no_other_operation_starts_while_it_runs()
    {
        var id = await Jobs.AcceptedAsync("/api/environments/staging/drills", new { kind = "evacuate", region = "us-east-1", hold = "00:10:00" });
        await Jobs.StepAsync(id, "Hold", "Running");

        var deploy = await Jobs.PostAsync("/api/environments/staging/deployments", new { imageTag = "v2" });
        Assert.Equal(HttpStatusCode.Conflict, deploy.StatusCode);

        Assert.Equal(HttpStatusCode.Accepted, (await Jobs.PostAsync($"/api/jobs/{id}/cancel")).StatusCode);
        var job = await Jobs.FinishedAsync(id);

        Assert.Equal("Cancelled", job.GetProperty("state").GetString());
        Assert.Contains("us-east-1 was put back", JobsClient.Outcome(job));
        Assert.Equal(new Dictionary<string, int> { ["us-east-1"] = 128, ["us-east-2"] = 128 }, await Jobs.WeightsAsync("staging"));
    }

    [Theory]
    [InlineData("""{"region":"us-east-2"}""", "kind", "A drill kind is required")]
    [InlineData("""{"kind":"chaos","region":"us-east-2"}""", "kind", "is not a drill kind")]
    [InlineData("""{"kind":"evacuate","region":"eu-west-1"}""", "region", "is not a region of staging")]
    [InlineData("""{"kind":"evacuate","region":"us-east-2","hold":"5 minutes"}""", "hold", "use hh:mm:ss")]
    [InlineData("""{"kind":"evacuate","region":"us-east-2","hold":"02:00:00"}""", "hold", "at most 01:00:00")]
    public async Task A_bad_drill_request_is_refused_with_a_field_error_and_nothing_is_queued(string body, string field, string message)
    {
        var response = await Jobs.Http.PostAsync("/api/environments/staging/drills", new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, JsonDocument.Parse(text).RootElement.GetProperty("errors").GetProperty(field)[0].GetString());
        Assert.Equal(0, await Jobs.JobCountAsync());
    }

    private bool Inverted(string environment, string region)
    {
        var world = App.LocalCloud.World;
        var id = world.Environments.Single(e => e.Name == environment).Regions.Single(r => r.Region == region).HealthCheckId;
        lock (world.Gate) return world.HealthChecks.Single(h => h.Id == id).Inverted;
    }
}
