using Microsoft.Extensions.DependencyInjection;
using Portal.Aws;
using Portal.Aws.CloudWatch;
using Portal.Core.Metrics;

namespace Portal.Tests.Aws;

/// <summary>CloudWatch GetMetricData against LocalCloud, with metrics made by real requests to a regional service.</summary>
public class CloudWatchAgainstLocalCloudTests(LocalCloudFixture fixture) : IClassFixture<LocalCloudFixture>
{
    private const string Region = "us-east-1";

    private (string Name, string Id, string Url) Service()
    {
        var seeded = fixture.Cloud.World.Environments.Single(e => e.Name == "production").Regions.Single(r => r.Region == Region);
        lock (fixture.Cloud.World.Gate)
        {
            var service = fixture.Cloud.World.Services.Single(s => s.Arn == seeded.ServiceArn);
            return (service.Name, service.Id, service.ServiceUrl);
        }
    }

    private MetricQuery AppRunner(string id, string metric, string stat)
    {
        var (name, serviceId, _) = Service();
        return new MetricQuery(id, "AWS/AppRunner", metric, [new("ServiceName", name), new("ServiceID", serviceId)], stat, TimeSpan.FromMinutes(1));
    }

    private static (DateTimeOffset Start, DateTimeOffset End) LastMinutes(int minutes)
    {
        var now = DateTimeOffset.UtcNow;
        return (now.AddMinutes(-minutes), now.AddMinutes(1));
    }

    private async Task SendRequestsAsync(int count)
    {
        using var http = new HttpClient();
        for (var i = 0; i < count; i++)
            using (await http.GetAsync($"http://{Service().Url}/")) { }
    }

    [Fact]
    public async Task Requests_sum_and_p99_latency_reflect_requests_sent_to_the_service()
    {
        using var adapters = AdapterHarness.Build(fixture.Cloud);
        await SendRequestsAsync(12);
        var (start, end) = LastMinutes(10);

        var series = await adapters.GetRequiredService<IMetricsSource>().GetMetricDataAsync(Region,
            [AppRunner("requests", "Requests", "Sum"), AppRunner("latency_p99", "RequestLatency", "p99")], start, end);

        Assert.Equal(["requests", "latency_p99"], series.Select(s => s.Id));
        Assert.All(series, s => Assert.True(s.Complete));
        Assert.True(series[0].Points.Sum(p => p.Value) >= 12);
        Assert.NotEmpty(series[1].Points);
        Assert.All(series[1].Points, p => Assert.True(p.Value > 0));
        Assert.Equal(series[0].Points.OrderBy(p => p.Timestamp), series[0].Points);
    }

    [Fact]
    public async Task Replication_latency_is_read_in_the_source_region()
    {
        using var adapters = AdapterHarness.Build(fixture.Cloud);
        var query = new MetricQuery("replication", "AWS/DynamoDB", "ReplicationLatency",
            [new("TableName", "webapp-production"), new("ReceivingRegion", "us-east-2")], "Average", TimeSpan.FromMinutes(1));
        var source = adapters.GetRequiredService<IMetricsSource>();

        // The simulator samples every 10 s of AWS time (milliseconds here); wait for its first sample, bounded.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        IReadOnlyList<MetricSeries> series;
        do
        {
            var (start, end) = LastMinutes(10);
            series = await source.GetMetricDataAsync("us-east-1", [query], start, end, timeout.Token);
        } while (series[0].Points.Count == 0 && await Delay(timeout.Token));

        Assert.NotEmpty(series[0].Points);
        Assert.All(series[0].Points, p => Assert.True(p.Value > 0));
        var (s2, e2) = LastMinutes(10);
        var inReceivingRegion = await source.GetMetricDataAsync("us-east-2", [query], s2, e2);
        Assert.Empty(inReceivingRegion[0].Points);
    }

    [Fact]
    public async Task Six_hundred_queries_are_sent_as_two_requests_and_come_back_as_one_answer_in_query_order()
    {
        var logs = new CapturedLogs();
        using var adapters = AdapterHarness.Build(fixture.Cloud, logs: logs);
        await SendRequestsAsync(3);
        var queries = Enumerable.Range(0, 600).Select(i => AppRunner($"q{i}", "Requests", "Sum")).ToList();
        var (start, end) = LastMinutes(10);

        var series = await adapters.GetRequiredService<IMetricsSource>().GetMetricDataAsync(Region, queries, start, end);

        Assert.Equal(queries.Select(q => q.Id), series.Select(s => s.Id));
        Assert.All(series, s => Assert.NotEmpty(s.Points));
        Assert.Equal(2, logs.Lines.Count(l => l.Contains("GetMetricData") && l.Contains(": 200")));
    }

    [Fact]
    public async Task Pages_cut_by_max_datapoints_are_followed_and_merged_per_query()
    {
        using var adapters = AdapterHarness.Build(fixture.Cloud);
        var client = adapters.GetRequiredService<CloudWatchClient>();
        await SendRequestsAsync(5);
        var (start, end) = LastMinutes(30);
        var queries = new[] { AppRunner("a", "Requests", "Sum"), AppRunner("b", "RequestLatency", "Average"), AppRunner("c", "Requests", "SampleCount") };

        var whole = await client.GetMetricDataAsync(Region, queries, start, end);
        var paged = await client.GetMetricDataAsync(Region, queries, start, end, maxDatapoints: 1);
        var firstPage = await client.GetMetricDataPageAsync(Region, queries, start, end, 1, null);

        Assert.NotNull(firstPage.NextToken);
        Assert.Equal(["a", "b", "c"], paged.Select(s => s.Id));
        Assert.All(paged, s => Assert.True(s.Complete));
        // Route 53's checkers keep probing the service, so later answers can only have more: compare monotonically.
        for (var i = 0; i < whole.Count; i++)
        {
            var timestamps = paged[i].Points.Select(p => p.Timestamp).ToList();
            Assert.Equal(timestamps.Distinct().Order(), timestamps);
            Assert.Superset(whole[i].Points.Select(p => p.Timestamp).ToHashSet(), timestamps.ToHashSet());
        }
        Assert.True(paged[0].Points.Sum(p => p.Value) >= whole[0].Points.Sum(p => p.Value));
        Assert.True(paged.Sum(s => s.Points.Count) > 1);
    }

    [Fact]
    public async Task A_request_cloudwatch_refuses_is_a_typed_error_with_its_code()
    {
        using var adapters = AdapterHarness.Build(fixture.Cloud);
        var query = AppRunner("requests", "Requests", "Sum") with { Period = TimeSpan.FromSeconds(45) };
        var (start, end) = LastMinutes(10);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => adapters.GetRequiredService<IMetricsSource>()
            .GetMetricDataAsync(Region, [query], start, end));

        Assert.Equal("InvalidParameterValue", error.Code);
        Assert.Equal("CloudWatch", error.Service);
        Assert.Equal(Region, error.Region);
    }

    [Fact]
    public async Task Throttled_calls_are_retried_through()
    {
        var logs = new CapturedLogs();
        using var adapters = AdapterHarness.Build(fixture.Cloud, maxRetries: 16, logs: logs);
        var source = adapters.GetRequiredService<IMetricsSource>();
        fixture.Cloud.Faults.SetThrottling(0.5, "monitoring");
        try
        {
            for (var i = 0; i < 12; i++)
            {
                var (start, end) = LastMinutes(10);
                Assert.Single(await source.GetMetricDataAsync(Region, [AppRunner("requests", "Requests", "Sum")], start, end));
            }
        }
        finally
        {
            fixture.Cloud.Faults.SetThrottling(0, null);
        }

        Assert.Contains(logs.Lines, l => l.Contains("GetMetricData") && l.Contains("Throttling"));
    }

    private static async Task<bool> Delay(CancellationToken ct)
    {
        await Task.Delay(20, ct);
        return true;
    }
}
