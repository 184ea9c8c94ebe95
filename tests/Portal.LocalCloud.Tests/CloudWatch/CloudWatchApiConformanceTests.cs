using Microsoft.Extensions.DependencyInjection;
using Portal.LocalCloud.AppRunner;
using Portal.LocalCloud.CloudWatch;
using static Portal.LocalCloud.Tests.CloudWatch.CloudWatchCli;

namespace Portal.LocalCloud.Tests.CloudWatch;

/// <summary>GetMetricData and ListMetrics as Debian's AWS CLI v2 sends and parses them, against metrics from real requests.</summary>
public class CloudWatchApiConformanceTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Get_metric_data_counts_the_requests_a_service_really_served()
    {
        await using var cloud = await TestCloud.StartAsync();
        var service = Service(cloud, "production", "us-east-1");
        var codes = await Hit(service, [.. Enumerable.Repeat("/", 12), .. Enumerable.Repeat("/api/items", 6), "/nope", "/missing", "/gone"]);
        Assert.Equal(18, codes.Count(c => c == 200));
        // Route 53 health checks also hit the endpoint (200 on /health), so only the 404s are exactly ours.
        Assert.True(await TestCloud.Eventually(() => StoreValue(cloud, ServiceMetrics.Key(service, "4xxStatusResponses"), "Sum") == 3
            && StoreValue(cloud, ServiceMetrics.Key(service, "Requests"), "Sum") >= 21, Patience));

        var result = await GetMetricData(cloud, "us-east-1", [
            ServiceQuery("requests", service, "Requests", "Sum"),
            ServiceQuery("ok", service, "2xxStatusResponses", "Sum"),
            ServiceQuery("notfound", service, "4xxStatusResponses", "Sum"),
            ServiceQuery("errors", service, "5xxStatusResponses", "Sum"),
            ServiceQuery("latency", service, "RequestLatency", "p99", period: 3600),
            ServiceQuery("samples", service, "RequestLatency", "SampleCount", period: 3600),
        ], "--scan-by", "TimestampAscending");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.InRange(SumOf(result, "requests"), 21, double.MaxValue);
        Assert.InRange(SumOf(result, "ok"), 18, double.MaxValue);
        Assert.Equal(3, SumOf(result, "notfound"));
        Assert.Equal(0, SumOf(result, "errors"));
        Assert.InRange(SumOf(result, "samples"), 21, double.MaxValue);
        Assert.InRange(Assert.Single(ValuesOf(result, "latency")), 0.01, 10_000);
        var requests = ResultOf(result, "requests");
        Assert.Equal("Complete", requests.GetProperty("StatusCode").GetString());
        Assert.Equal("Requests", requests.GetProperty("Label").GetString());
        Assert.Equal(requests.GetProperty("Values").GetArrayLength(), requests.GetProperty("Timestamps").GetArrayLength());
        Assert.True(requests.GetProperty("Timestamps")[0].GetDateTimeOffset() <= cloud.Clock.Now);

        // Metrics belong to the region that served the requests.
        var otherRegion = await GetMetricData(cloud, "us-east-2", [ServiceQuery("requests", service, "Requests", "Sum")]);
        Assert.True(otherRegion.ExitCode == 0, otherRegion.Stderr);
        Assert.Empty(ValuesOf(otherRegion, "requests"));
    }

    [Fact]
    public async Task A_broken_image_shows_in_5xx_responses()
    {
        await using var cloud = await TestCloud.StartAsync();
        var service = Service(cloud, "staging", "us-east-2");
        lock (cloud.World.Gate) service.ImageIdentifier = service.ImageIdentifier.Replace(":v1", ":v3-broken");
        var codes = await Hit(service, [.. Enumerable.Repeat("/", 10)]);
        Assert.All(codes, c => Assert.True(c >= 500, $"status {c}"));
        Assert.True(await TestCloud.Eventually(() => StoreValue(cloud, ServiceMetrics.Key(service, "5xxStatusResponses"), "Sum") >= 10, Patience));

        var result = await GetMetricData(cloud, "us-east-2", [
            ServiceQuery("errors", service, "5xxStatusResponses", "Sum"),
            ServiceQuery("ok", service, "2xxStatusResponses", "Sum"),
        ]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.InRange(SumOf(result, "errors"), 10, double.MaxValue); // health checks of a broken image fail too

        Assert.Equal(0, SumOf(result, "ok"));
    }

    [Fact]
    public async Task List_metrics_lists_the_region_s_metrics_and_filters_by_dimension()
    {
        await using var cloud = await TestCloud.StartAsync();
        var production = Service(cloud, "production", "us-east-1");
        await Hit(production, "/");
        var sampled = ServiceMetrics.Key(production, "CPUUtilization");
        Assert.True(await TestCloud.Eventually(() => StoreValue(cloud, sampled, "SampleCount") > 0
            && StoreValue(cloud, ServiceMetrics.Key(production, "Requests"), "Sum") >= 1, Patience));

        var all = await AwsCli.RunAsync(cloud, "us-east-1", "cloudwatch", "list-metrics", "--namespace", "AWS/AppRunner");
        Assert.True(all.ExitCode == 0, all.Stderr);
        var metrics = all.Json.GetProperty("Metrics").EnumerateArray().ToList();
        Assert.All(metrics, m => Assert.Equal("AWS/AppRunner", m.GetProperty("Namespace").GetString()));
        var names = metrics.Select(m => m.GetProperty("MetricName").GetString()).ToHashSet();
        foreach (var name in new[] { "Requests", "2xxStatusResponses", "4xxStatusResponses", "5xxStatusResponses", "RequestLatency", "ActiveInstances",
            "CPUUtilization", "MemoryUtilization", "Concurrency" })
            Assert.Contains(name, names);
        var cpu = metrics.First(m => m.GetProperty("MetricName").GetString() == "CPUUtilization" && m.GetProperty("Dimensions").EnumerateArray()
            .Any(d => d.GetProperty("Value").GetString() == production.Id));
        var dimensions = cpu.GetProperty("Dimensions").EnumerateArray()
            .ToDictionary(d => d.GetProperty("Name").GetString()!, d => d.GetProperty("Value").GetString());
        Assert.Equal(production.Name, dimensions["ServiceName"]);
        Assert.Equal(production.Id, dimensions["ServiceID"]);

        var filtered = await AwsCli.RunAsync(cloud, "us-east-1", "cloudwatch", "list-metrics", "--metric-name", "Requests", "--dimensions",
            $"Name=ServiceName,Value={production.Name}");
        Assert.True(filtered.ExitCode == 0, filtered.Stderr);
        var only = Assert.Single(filtered.Json.GetProperty("Metrics").EnumerateArray());
        Assert.Contains(only.GetProperty("Dimensions").EnumerateArray(), d => d.GetProperty("Value").GetString() == production.Id);

        var replication = await AwsCli.RunAsync(cloud, "us-east-1", "cloudwatch", "list-metrics", "--namespace", "AWS/DynamoDB", "--metric-name",
            "ReplicationLatency");
        Assert.True(replication.ExitCode == 0, replication.Stderr);
        Assert.All(replication.Json.GetProperty("Metrics").EnumerateArray(), m =>
            Assert.Contains(m.GetProperty("Dimensions").EnumerateArray(), d => d.GetProperty("Name").GetString() == "ReceivingRegion" && d.GetProperty("Value")
                .GetString() == "us-east-2"));
    }

    [Fact]
    public async Task Max_datapoints_pages_with_next_token_and_scan_by_orders_points()
    {
        await using var cloud = await TestCloud.StartAsync();
        var store = cloud.Services.GetRequiredService<MetricStore>();
        var key = new MetricKey("us-east-2", "LocalCloud/Test", "Paged", [new Dimension("Case", "paging")]);
        var now = cloud.Clock.Now;
        for (var minute = 1; minute <= 5; minute++) store.Record(key, minute, now.AddMinutes(-minute));
        object[] queries = [Query("paged", key.Namespace, key.MetricName, "Sum", key.Dimensions)];

        var first = await GetMetricData(cloud, "us-east-2", queries, now.AddHours(-1), now.AddMinutes(1), "--max-datapoints", "3", "--no-paginate");
        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Equal([1, 2, 3], ValuesOf(first, "paged")); // newest first by default
        Assert.Equal("PartialData", ResultOf(first, "paged").GetProperty("StatusCode").GetString());
        var token = first.Json.GetProperty("NextToken").GetString()!;

        var second = await GetMetricData(cloud, "us-east-2", queries, now.AddHours(-1), now.AddMinutes(1), "--max-datapoints", "3", "--no-paginate",
            "--next-token", token);
        Assert.True(second.ExitCode == 0, second.Stderr);
        Assert.Equal([4, 5], ValuesOf(second, "paged"));
        Assert.Equal("Complete", ResultOf(second, "paged").GetProperty("StatusCode").GetString());
        Assert.False(second.Json.TryGetProperty("NextToken", out _));

        var ascending = await GetMetricData(cloud, "us-east-2", queries, "--scan-by", "TimestampAscending");
        Assert.True(ascending.ExitCode == 0, ascending.Stderr);
        Assert.Equal([5, 4, 3, 2, 1], ValuesOf(ascending, "paged"));

        // A token is only good for the request it came from.
        var bogus = await GetMetricData(cloud, "us-east-2", queries, "--next-token", "bm90LWEtdG9rZW4=");
        Assert.Equal("InvalidNextToken", bogus.ErrorCode);
        var otherRequest = await GetMetricData(cloud, "us-east-2", queries, now.AddHours(-2), now.AddMinutes(1), "--next-token", token);
        Assert.Equal("InvalidNextToken", otherRequest.ErrorCode);
    }

    [Theory]
    [InlineData(45, "Sum", "InvalidParameterValue")]
    [InlineData(90, "Sum", "InvalidParameterValue")]
    [InlineData(60, "Median", "InvalidParameterValue")]
    [InlineData(60, "p101", "InvalidParameterValue")]
    public async Task Invalid_period_or_stat_is_refused_as_CloudWatch_refuses_it(int period, string stat, string code)
    {
        await using var cloud = await TestCloud.StartAsync();
        var service = Service(cloud, "production", "us-east-1");
        var result = await GetMetricData(cloud, "us-east-1", [ServiceQuery("q", service, "Requests", stat, period)]);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal(code, result.ErrorCode);
    }

    [Fact]
    public async Task Metric_stat_with_an_expression_is_an_invalid_combination_and_reversed_times_invalid()
    {
        await using var cloud = await TestCloud.StartAsync();
        var service = Service(cloud, "production", "us-east-1");
        var both = new
        {
            Id = "q",
            Expression = "SUM(METRICS())",
            MetricStat = new { Metric = new { Namespace = "AWS/AppRunner", MetricName = "Requests" }, Period = 60, Stat = "Sum" },
        };
        var combination = await GetMetricData(cloud, "us-east-1", [both]);
        Assert.Equal("InvalidParameterCombination", combination.ErrorCode);

        var now = cloud.Clock.Now;
        var reversed = await AwsCli.RunAsync(cloud, "us-east-1", "cloudwatch", "get-metric-data",
            "--metric-data-queries", System.Text.Json.JsonSerializer.Serialize(new[] { ServiceQuery("q", service, "Requests", "Sum") }),
            "--start-time", Time(now), "--end-time", Time(now.AddHours(-1)));
        Assert.Equal("InvalidParameterValue", reversed.ErrorCode);
    }

    [Fact]
    public async Task Throttling_fault_reaches_the_cli_as_Throttling()
    {
        await using var cloud = await TestCloud.StartAsync();
        cloud.Faults.SetThrottling(1.0, "monitoring");
        var result = await AwsCli.RunAsync(cloud, "us-east-1", "cloudwatch", "list-metrics");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal("Throttling", result.ErrorCode);

        cloud.Faults.SetThrottling(0, null);
        var after = await AwsCli.RunAsync(cloud, "us-east-1", "cloudwatch", "list-metrics");
        Assert.True(after.ExitCode == 0, after.Stderr);
    }
}
