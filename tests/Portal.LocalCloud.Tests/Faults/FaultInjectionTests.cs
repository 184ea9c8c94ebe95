using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Portal.LocalCloud.Tests.Faults;

/// <summary>The /_localcloud fault API and what each fault does to the AWS APIs and the endpoints.</summary>
public sealed class FaultInjectionTests : IAsyncLifetime
{
    private LocalCloudHost _cloud = null!;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public async Task InitializeAsync() => _cloud = await TestCloud.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _cloud.DisposeAsync();
    }

    private Task<HttpResponseMessage> Post(string path, object body) => _http.PostAsJsonAsync(new Uri(_cloud.Endpoint, path), body);

    [Fact]
    public async Task A_region_outage_fails_that_regions_apis_and_endpoints_while_the_other_region_serves()
    {
        var response = await Post("/_localcloud/faults/region-outage", new { region = "us-east-2", enabled = true });
        Assert.Equal(200, (int)response.StatusCode);

        var down = await AwsCli.RunAsync(_cloud, "us-east-2", "apprunner", "list-services");
        Assert.Equal("ServiceUnavailableException", down.ErrorCode);
        var up = await AwsCli.RunAsync(_cloud, "us-east-1", "apprunner", "list-services");
        Assert.Equal(0, up.ExitCode);

        string downUrl, upUrl;
        lock (_cloud.World.Gate)
        {
            downUrl = _cloud.World.Services.First(s => s.Region == "us-east-2").ServiceUrl;
            upUrl = _cloud.World.Services.First(s => s.Region == "us-east-1").ServiceUrl;
        }
        await Assert.ThrowsAsync<HttpRequestException>(() => _http.GetAsync($"http://{downUrl}/health"));
        Assert.Equal(200, (int)(await _http.GetAsync($"http://{upUrl}/health")).StatusCode);

        await Post("/_localcloud/faults/region-outage", new { region = "us-east-2", enabled = false });
        Assert.Equal(0, (await AwsCli.RunAsync(_cloud, "us-east-2", "apprunner", "list-services")).ExitCode);
    }

    [Fact]
    public async Task A_throttling_fault_makes_the_cli_see_throttling_errors_at_about_the_injected_rate()
    {
        // 40 calls at 50%: the binomial standard deviation is 8%, so 20%-80% is more than 3.5 of them either side.
        const int calls = 40;
        await Post("/_localcloud/faults/throttle", new { fraction = 0.5, service = "apprunner" });

        var codes = new List<string?>();
        for (var batch = 0; batch < calls / 4; batch++)
        {
            var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => AwsCli.RunAsync(_cloud, "us-east-1", "apprunner", "list-services")));
            codes.AddRange(results.Select(r => r.ExitCode == 0 ? "ok" : r.ErrorCode));
        }

        Assert.All(codes, c => Assert.Contains(c, new[] { "ok", "ThrottlingException" }));
        var throttled = codes.Count(c => c == "ThrottlingException") / (double)calls;
        Assert.InRange(throttled, 0.2, 0.8);
        Assert.Equal(0, (await AwsCli.RunAsync(_cloud, "us-east-1", "ecr", "describe-images", "--repository-name", "webapp")).ExitCode);
    }

    [Fact]
    public async Task Added_latency_delays_every_api_answer_by_at_least_the_injected_time()
    {
        await Post("/_localcloud/faults/latency", new { milliseconds = 1500 });

        var watch = Stopwatch.StartNew();
        var result = await AwsCli.RunAsync(_cloud, "us-east-1", "dynamodb", "list-tables");

        Assert.Equal(0, result.ExitCode);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(1500), $"answered after {watch.Elapsed}");
    }

    [Fact]
    public async Task Replication_lag_spike_and_clearing_faults_show_in_the_fault_state()
    {
        var spike = await Post("/_localcloud/faults/replication-lag", new { multiplier = 40, seconds = 600 });
        Assert.Equal(40, _cloud.Faults.ReplicationLagMultiplier);
        Assert.Equal(200, (int)spike.StatusCode);

        var cleared = await _http.DeleteAsync(new Uri(_cloud.Endpoint, "/_localcloud/faults"));
        Assert.Equal(200, (int)cleared.StatusCode);
        Assert.Equal(1, _cloud.Faults.ReplicationLagMultiplier);
    }

    [Theory]
    [InlineData("/_localcloud/faults/region-outage", """{"region":"eu-west-9"}""", "region")]
    [InlineData("/_localcloud/faults/throttle", """{"fraction":1.5}""", "fraction")]
    [InlineData("/_localcloud/faults/throttle", """{"fraction":0.1,"service":"s3"}""", "service")]
    [InlineData("/_localcloud/faults/latency", """{"milliseconds":"lots"}""", "milliseconds")]
    [InlineData("/_localcloud/faults/replication-lag", """{}""", "multiplier")]
    [InlineData("/_localcloud/images", """{"tag":"-bad tag"}""", "tag")]
    [InlineData("/_localcloud/images", """not json""", "body")]
    public async Task Bad_fault_requests_are_refused_naming_the_field_and_change_nothing(string path, string body, string field)
    {
        var response = await _http.PostAsync(new Uri(_cloud.Endpoint, path), new StringContent(body));

        Assert.Equal(400, (int)response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(field, error.GetProperty("field").GetString());
        var state = JsonDocument.Parse(await _http.GetStringAsync(new Uri(_cloud.Endpoint, "/_localcloud/faults"))).RootElement;
        Assert.Empty(state.GetProperty("regionsDown").EnumerateArray());
        Assert.Equal(0, state.GetProperty("throttle").GetProperty("fraction").GetDouble());
    }

    [Fact]
    public async Task The_world_endpoint_describes_every_seeded_environment_with_its_ids()
    {
        var world = JsonDocument.Parse(await _http.GetStringAsync(new Uri(_cloud.Endpoint, "/_localcloud/world"))).RootElement;

        var environments = world.GetProperty("environments").EnumerateArray().ToList();
        Assert.Equal(["production", "staging"], environments.Select(e => e.GetProperty("name").GetString()));
        Assert.True(environments[0].GetProperty("protected").GetBoolean());
        Assert.All(environments, e => Assert.Equal(["us-east-1", "us-east-2"], e.GetProperty("regions").EnumerateArray()
            .Select(r => r.GetProperty("region").GetString())));
    }
}
