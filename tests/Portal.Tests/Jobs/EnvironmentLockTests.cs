using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Portal.Tests.Jobs;

/// <summary>One environment, one lock, however its name is spelled: every way in stores the topology's spelling.</summary>
public sealed class EnvironmentLockTests : PortalPerTest
{
    private static readonly string[] Spellings = ["staging", "STAGING", "Staging", "sTAGING", "StAgInG", "sTaGiNg", "STAGINg", "stagING", "STAGing", "staGING"];

    public override Task InitializeAsync()
    {
        // A bake long enough that the accepted job is still running when every other request arrives.
        App.With("Portal:Operations:BakeTime", "00:00:30");
        return base.InitializeAsync();
    }

    [Fact]
    public async Task Twenty_requests_over_ten_spellings_queue_one_job_and_the_rest_name_it()
    {
        _ = Jobs.Http;
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Jobs.PostAsync($"/api/environments/{Spellings[i % Spellings.Length]}/deployments", new { imageTag = "v2" })));
        var bodies = await Task.WhenAll(responses.Select(async r => (r.StatusCode, Json: JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement)));

        var accepted = Assert.Single(bodies, b => b.StatusCode == HttpStatusCode.Accepted);
        var jobId = accepted.Json.GetProperty("jobId").GetString();
        var refused = bodies.Where(b => b.StatusCode != HttpStatusCode.Accepted).ToList();
        Assert.Equal(19, refused.Count);
        Assert.All(refused, b =>
        {
            Assert.Equal(HttpStatusCode.Conflict, b.StatusCode);
            Assert.Equal(jobId, b.Json.GetProperty("activeJobId").GetString());
        });
        var job = await Jobs.JobAsync(jobId!);
        Assert.Equal("staging", job.GetProperty("environment").GetString());
        Assert.Equal(1, await Jobs.JobCountAsync());
        await Jobs.PostAsync($"/api/jobs/{jobId}/cancel");
    }

    [Fact]
    public async Task A_pause_of_a_region_spelled_in_capitals_is_stored_and_filtered_by_the_topology_spelling()
    {
        var id = await Jobs.AcceptedAsync("/api/environments/STAGING/pause", new { region = "US-EAST-2" });
        var job = await Jobs.FinishedAsync(id);

        Assert.Equal("Succeeded", job.GetProperty("state").GetString());
        Assert.Equal("staging", job.GetProperty("environment").GetString());
        Jobs.AssertService("staging", "us-east-2", ("PAUSED", "v1", 0), job);
        var listed = JsonDocument.Parse(await Jobs.Http.GetStringAsync("/api/jobs?environment=Staging")).RootElement;
        Assert.Equal(1, listed.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Weights_for_one_region_in_two_spellings_are_refused_not_merged()
    {
        var response = await Jobs.Http.PostAsync("/api/environments/staging/weights",
            JsonContent.Create(new Dictionary<string, object> { ["weights"] = new Dictionary<string, int> { ["us-east-1"] = 255, ["US-EAST-1"] = 0,
                ["us-east-2"] = 1 } }));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("weights.us-east-1", text);
        Assert.Contains("Given more than once", text);
        Assert.Equal(0, await Jobs.JobCountAsync());
    }
}
