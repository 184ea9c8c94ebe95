using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.LocalCloud;
using Portal.LocalCloud.Protocol;
using Portal.LocalCloud.World;

namespace Portal.Tests.Jobs;

/// <summary>Drives actions through the JSON API as a script would, and reads what LocalCloud saw.</summary>
internal sealed class JobsClient
{
    private readonly Func<HttpClient> _connect;
    private readonly Func<LocalCloudHost> _cloud;
    private readonly PortalApplication? _app;
    private HttpClient? _http;
    private Dictionary<string, int> _updatesBefore = [];

    public JobsClient(PortalApplication app) : this(app.CreateClient, () => app.LocalCloud) => _app = app;

    /// <summary>A portal in another process, reached over <paramref name="http"/>, acting on <paramref name="cloud"/>.</summary>
    public JobsClient(HttpClient http, LocalCloudHost cloud) : this(() => http, () => cloud) { }

    private JobsClient(Func<HttpClient> connect, Func<LocalCloudHost> cloud)
    {
        _connect = connect;
        _cloud = cloud;
    }

    private LocalCloudHost Cloud => _cloud();

    /// <summary>Created on first use, which starts the portal: settings go in with <see cref="PortalApplication.With"/> before.</summary>
    public HttpClient Http
    {
        get
        {
            if (_http is not null) return _http;
            _http = _connect();
            // The seeded world has history of its own; tests count the UpdateService operations made since.
            var world = Cloud.World;
            lock (world.Gate)
                _updatesBefore = world.Services.ToDictionary(s => $"{s.Environment} {s.Region}", s => s.Operations.Count(o => o.Type == "UPDATE_SERVICE"));
            return _http;
        }
    }

    private static readonly HttpClient Loopback = new();

    /// <summary>Posts to LocalCloud's control API (faults, image pushes), over real loopback HTTP; it must answer 200.</summary>
    public async Task LocalCloudAsync(string path, object body)
    {
        using var response = await Loopback.PostAsync(new Uri(Cloud.Endpoint, path), JsonContent.Create(body));
        Assert.True(response.IsSuccessStatusCode, $"LocalCloud {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Asserts a LocalCloud service's (status, tag, UpdateService count), showing the job when it differs.</summary>
    public void AssertService(string environment, string region, (string, string, int) expected, JsonElement job)
    {
        var actual = Service(environment, region);
        Assert.True(actual == expected, $"{environment} {region}: expected {expected}, got {actual}. Job: {job}");
    }

    public async Task<HttpResponseMessage> PostAsync(string path, object? body = null) =>
        await Http.PostAsync(path, body is null ? null : JsonContent.Create(body));

    /// <summary>Posts an action that must be accepted (202) and returns the job id.</summary>
    public async Task<string> AcceptedAsync(string path, object? body = null)
    {
        var response = await PostAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{path} answered {(int)response.StatusCode}: {text}");
        var json = JsonDocument.Parse(text).RootElement;
        var id = json.GetProperty("jobId").GetString()!;
        Assert.Equal($"/api/jobs/{id}", json.GetProperty("location").GetString());
        Assert.Equal($"/api/jobs/{id}", response.Headers.Location?.ToString());
        return id;
    }

    public async Task<JsonElement> JobAsync(string id) =>
        JsonDocument.Parse(await Http.GetStringAsync($"/api/jobs/{id}")).RootElement;

    /// <summary>Polls the job until it ends (a bound of 60 s, not a measured time) and returns it.</summary>
    public async Task<JsonElement> FinishedAsync(string id)
    {
        var (job, finished) = await Eventually.ValueAsync(() => JobAsync(id),
            j => j.GetProperty("state").GetString() is "Succeeded" or "Failed" or "Cancelled" or "Interrupted", TimeSpan.FromSeconds(60));
        Assert.True(finished, $"Job {id} did not finish: {job}");
        return job;
    }

    /// <summary>Waits until a step whose name starts with <paramref name="prefix"/> is in <paramref name="state"/>.</summary>
    public async Task StepAsync(string id, string prefix, string state)
    {
        Assert.True(await Eventually.Async(async () => (await JobAsync(id)).GetProperty("steps").EnumerateArray()
            .Any(s => s.GetProperty("name").GetString()!.StartsWith(prefix, StringComparison.Ordinal) && s.GetProperty("state").GetString() == state)),
            $"step '{prefix}' never became {state}: {await JobAsync(id)}");
    }

    public async Task<int> JobCountAsync() =>
        JsonDocument.Parse(await Http.GetStringAsync("/api/jobs")).RootElement.GetProperty("total").GetInt32();

    /// <summary>How often LocalCloud has answered an AWS operation, e.g. "apprunner:UpdateService".</summary>
    public long Calls(string operation) =>
        Cloud.Services.GetRequiredService<ApiCallCounter>().Snapshot().GetValueOrDefault(operation);

    /// <summary>A LocalCloud service as it is now: status, image tag, and how many UpdateService operations it has had since the portal started.</summary>
    public (string Status, string Tag, int Updates) Service(string environment, string region)
    {
        _ = Http;
        var world = Cloud.World;
        lock (world.Gate)
        {
            var service = world.Services.Single(s => s.Environment == environment && s.Region == region);
            return (service.Status, service.ImageIdentifier[(service.ImageIdentifier.LastIndexOf(':') + 1)..],
                service.Operations.Count(o => o.Type == "UPDATE_SERVICE") - _updatesBefore.GetValueOrDefault($"{environment} {region}"));
        }
    }

    /// <summary>The environment's Route 53 weights by region, read through the portal's own adapter.</summary>
    public async Task<Dictionary<string, int>> WeightsAsync(string environment)
    {
        _ = Http;
        var services = (_app ?? throw new InvalidOperationException("Weights are read through an in-process portal's adapter.")).Services;
        var env = services.GetRequiredService<Portal.Topology.TopologySource>().Current.Find(environment)!;
        var records = await services.GetRequiredService<Portal.Core.Traffic.ITrafficRouter>().GetWeightedRecordsAsync(env.HostedZoneId, env.RecordName);
        return env.Regions.ToDictionary(r => r.Region, r => records.Single(x => x.SetIdentifier == r.SetIdentifier).Weight);
    }

    public static string[] StepNames(JsonElement job) =>
        [.. job.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("name").GetString()!)];

    public static string Outcome(JsonElement job) => job.GetProperty("outcome").GetString() ?? "";
}
