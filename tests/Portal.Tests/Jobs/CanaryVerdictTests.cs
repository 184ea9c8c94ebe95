using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.LocalCloud;

namespace Portal.Tests.Jobs;

/// <summary>
/// The canary's analysis judged on LocalCloud's real traffic and CloudWatch minutes. The portal and its LocalCloud share
/// a clock running 15 times faster, so the analysis's whole minutes pass in 4 seconds each; LocalCloud itself is as
/// strict as in every test (same TimeScale, SigV4 checked against its clock).
/// </summary>
public sealed class CanaryVerdictTests : IAsyncLifetime
{
    // 10% of 120 requests a second gives the canary about 48 requests in each 4-second minute: over the 4-minute analysis
    // well above the 100 each side that the 5xx share needs. At 15x a test has 60 real seconds before LocalCloud would
    // refuse the SDK's real-clock signatures as 15 minutes skewed; these take about 25.
    private const int TrafficPerSecond = 120;

    private readonly AcceleratedClock _clock = new(20);
    private LocalCloudHost _cloud = null!;
    private PortalApplication _app = null!;
    private JobsClient _jobs = null!;

    public async Task InitializeAsync()
    {
        _cloud = await LocalCloudHost.StartAsync(
            new LocalCloudOptions { Port = 0, TimeScale = 0.005, BudgetTimeScale = PortalApplication.BudgetTimeScale, TrafficRatePerSecond = TrafficPerSecond },
                NullLoggerFactory.Instance, _clock);
        _app = new PortalApplication()
            .WithLocalCloud(_cloud)
            .WithServices(s => s.AddSingleton<TimeProvider>(_clock))
            // Durations the portal measures are on the faster clock too: LocalCloud's 4-minute deployment (1.2 real
            // seconds at its TimeScale) reads as 18 seconds, and a reading a few real seconds old as a minute.
            .With("Portal:Status:StaleAfter", "00:05:00")
            .With("Portal:Operations:ServiceOperationTimeout", "00:10:00")
            .With("Portal:Operations:ChangeSyncTimeout", "00:05:00")
            .With("Portal:Operations:ImageWaitTimeout", "00:05:00")
            .With("Portal:Canary:AnalysisTime", "00:04:00")
            .With("Portal:Canary:MinMinutes", "3")
            .With("Portal:Canary:Extension", "00:01:00")
            .With("Portal:Canary:MaxAnalysisTime", "00:06:00");
        _jobs = new JobsClient(_app);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _cloud.DisposeAsync();
    }

    [Fact]
    public async Task A_healthy_image_passes_the_analysis_and_is_rolled_out_everywhere()
    {
        var id = await _jobs.AcceptedAsync("/api/environments/staging/deployments", new { imageTag = "v2", strategy = "canary" });

        var job = await _jobs.FinishedAsync(id);

        Assert.True(job.GetProperty("state").GetString() == "Succeeded", JobsClient.Outcome(job) + "\n" + Analysis(job));
        var judgement = Analysis(job).GetProperty("judgement");
        Assert.Equal("Pass", judgement.GetProperty("verdict").GetString());
        Assert.True(judgement.GetProperty("score").GetDouble() >= 95, judgement.ToString());
        _jobs.AssertService("staging", "us-east-1", ("RUNNING", "v2", 1), job);
        _jobs.AssertService("staging", "us-east-2", ("RUNNING", "v2", 1), job);
        Assert.Equal(new Dictionary<string, int> { ["us-east-1"] = 128, ["us-east-2"] = 128 }, await _jobs.WeightsAsync("staging"));
    }

    [Fact]
    public async Task A_broken_image_fails_the_analysis_on_the_canary_share_and_is_rolled_back()
    {
        var id = await _jobs.AcceptedAsync("/api/environments/staging/deployments", new { imageTag = "v3-broken", strategy = "canary" });

        var job = await _jobs.FinishedAsync(id);

        Assert.Equal("Failed", job.GetProperty("state").GetString());
        var analysis = Analysis(job);
        Assert.Equal("Fail", analysis.GetProperty("judgement").GetProperty("verdict").GetString());
        // While it was judged the broken image carried the canary share of the users' requests (14 beside 128: 9.9%), and
        // App Runner's Requests also count Route 53's checkers, as in AWS. Their 16 probes per 30 seconds are 0.5 a second
        // in AWS but about 100 a second per region at this TimeScale, the same on both sides: the canary's served share
        // then reads about (12 + 100) / (120 + 200), a third, and half with the weights left equal.
        Assert.InRange(analysis.GetProperty("servedShare").GetDouble(), 0.05, 0.42);
        Assert.Contains("Canary failed in us-east-1", JobsClient.Outcome(job));
        _jobs.AssertService("staging", "us-east-1", ("RUNNING", "v1", 2), job);
        _jobs.AssertService("staging", "us-east-2", ("RUNNING", "v1", 0), job);
        Assert.Equal(new Dictionary<string, int> { ["us-east-1"] = 128, ["us-east-2"] = 128 }, await _jobs.WeightsAsync("staging"));
    }

    private static JsonElement Analysis(JsonElement job) =>
        job.TryGetProperty("canaryAnalyses", out var analyses) && analyses.ValueKind == JsonValueKind.Array
            ? analyses[analyses.GetArrayLength() - 1].GetProperty("analysis")
            : throw new Xunit.Sdk.XunitException("The job has no canary analysis: " + job);
}
