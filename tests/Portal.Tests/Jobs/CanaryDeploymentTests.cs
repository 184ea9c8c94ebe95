using System.Net;
using System.Text;
using System.Text.Json;

namespace Portal.Tests.Jobs;

/// <summary>
/// The canary strategy end to end through the JSON API against LocalCloud's Route 53 and App Runner. The analysis's
/// verdicts are tested against in-memory ports (Portal.Core.Tests Canary) and on LocalCloud's traffic with a faster
/// clock (<see cref="CanaryVerdictTests"/>).
/// </summary>
public sealed class CanaryDeploymentTests : PortalPerTest
{
    [Theory]
    [InlineData("""{"imageTag":"v2","strategy":"blue-green"}""", "strategy", "is not a strategy")]
    [InlineData("""{"imageTag":"v2","strategy":"canary","drain":true}""", "drain", "rolling deployment only")]
    [InlineData("""{"imageTag":"v2","strategy":7}""", "strategy", "Must be a string")]
    public async Task A_bad_strategy_is_refused_with_a_field_error_and_nothing_is_queued(string body, string field, string message)
    {
        var response = await Jobs.Http.PostAsync("/api/environments/staging/deployments", new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
        Assert.Contains(message, errors.GetProperty(field)[0].GetString());
        Assert.Equal(0, await Jobs.JobCountAsync());
    }

    [Fact]
    public async Task A_canary_lowers_its_region_to_the_canary_share_and_restores_it_when_the_image_never_arrives()
    {
        var id = await Jobs.AcceptedAsync("/api/environments/staging/deployments", new { imageTag = "v9-never-pushed", strategy = "canary" });

        // While the canary waits for its image, us-east-1 carries about 10%: weight 14 beside 128 (14 / 142 = 9.9%).
        await Jobs.StepAsync(id, "us-east-1: image v9-never-pushed in ECR", "Running");
        Assert.Equal(new Dictionary<string, int> { ["us-east-1"] = 14, ["us-east-2"] = 128 }, await Jobs.WeightsAsync("staging"));
        var job = await Jobs.FinishedAsync(id);

        Assert.Equal("Failed", job.GetProperty("state").GetString());
        Assert.Equal("canary", job.GetProperty("request").GetProperty("strategy").GetString());
        var outcome = JobsClient.Outcome(job);
        Assert.Contains("Canary failed in us-east-1", outcome);
        Assert.Contains("Its weight was restored to 128", outcome);
        Assert.Contains("us-east-2 was not changed", outcome);
        Assert.Equal(
        [
            "Check every region can be deployed", "us-east-1: canary share", "us-east-1: image v9-never-pushed in ECR",
            "us-east-1: restore weight after the canary",
        ], JobsClient.StepNames(job));
        Assert.Contains("9.9%", job.GetProperty("steps")[1].GetProperty("message").GetString());
        Assert.Equal(new Dictionary<string, int> { ["us-east-1"] = 128, ["us-east-2"] = 128 }, await Jobs.WeightsAsync("staging"));
        Jobs.AssertService("staging", "us-east-1", ("RUNNING", "v1", 0), job);
        Jobs.AssertService("staging", "us-east-2", ("RUNNING", "v1", 0), job);
    }
}
