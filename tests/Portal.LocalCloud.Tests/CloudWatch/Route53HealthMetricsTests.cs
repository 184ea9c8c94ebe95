using Portal.LocalCloud.CloudWatch;
using static Portal.LocalCloud.Tests.CloudWatch.CloudWatchCli;

namespace Portal.LocalCloud.Tests.CloudWatch;

/// <summary>
/// Route 53's health check metrics as the AWS CLI (botocore with AWS's model of GetMetricData and ListMetrics) reads
/// them: every check's HealthCheckStatus and HealthCheckPercentageHealthy under AWS/Route53, dimension HealthCheckId,
/// in us-east-1 only.
/// </summary>
public sealed class Route53HealthMetricsTests
{
    [Fact]
    public async Task Every_health_check_has_its_status_and_percentage_healthy_in_us_east_1_only_with_inverted_checks_reported_as_Route_53_judges_them()
    {
        await using var cloud = await TestCloud.StartAsync();
        string[] checks;
        lock (cloud.World.Gate)
        {
            checks = [.. cloud.World.HealthChecks.Select(c => c.Id)];
            // Inverted: its checkers all see the endpoint healthy, and Route 53 calls the check unhealthy.
            cloud.World.HealthChecks[0].Inverted = true;
        }
        object[] queries = [.. checks.SelectMany((id, i) => new[]
        {
            Query($"status{i}", Route53HealthMetricsSampler.Namespace, "HealthCheckStatus", "Minimum", Route53HealthMetricsSampler.Key(id, "HealthCheckStatus")
                .Dimensions),
            Query($"healthy{i}", Route53HealthMetricsSampler.Namespace, "HealthCheckPercentageHealthy", "Average",
                Route53HealthMetricsSampler.Key(id, "HealthCheckPercentageHealthy").Dimensions),
        })];

        AwsCliResult? result = null;
        var complete = await TestCloud.Eventually(async () =>
        {
            result = await GetMetricData(cloud, "us-east-1", queries, cloud.Clock.Now.AddMinutes(-5), cloud.Clock.Now.AddMinutes(1), "--scan-by",
                "TimestampDescending");
            Assert.True(result.ExitCode == 0, result.Stderr);
            // The minute's minimum turns 0 once a sample after the inversion is in.
            return Enumerable.Range(0, checks.Length).All(i => ValuesOf(result, $"status{i}").Length > 0 && ValuesOf(result, $"healthy{i}").Length > 0)
                && ValuesOf(result, "status0")[0] == 0;
        }, TimeSpan.FromSeconds(30));

        Assert.True(complete, $"not every check has both metrics in us-east-1: {result?.Stdout}");
        for (var i = 1; i < checks.Length; i++)
            Assert.Equal(1, ValuesOf(result!, $"status{i}")[0]);
        for (var i = 0; i < checks.Length; i++)
            Assert.InRange(ValuesOf(result!, $"healthy{i}")[0], 0.01, 100);

        var east = await AwsCli.RunAsync(cloud, "us-east-1", "cloudwatch", "list-metrics", "--namespace", "AWS/Route53", "--metric-name", "HealthCheckStatus");
        Assert.True(east.ExitCode == 0, east.Stderr);
        Assert.Equal(checks.Order(), east.Json.GetProperty("Metrics").EnumerateArray()
            .Select(m => m.GetProperty("Dimensions")[0].GetProperty("Value").GetString()).Order());
        var west = await AwsCli.RunAsync(cloud, "us-west-2", "cloudwatch", "list-metrics", "--namespace", "AWS/Route53");
        Assert.True(west.ExitCode == 0, west.Stderr);
        Assert.Empty(west.Json.GetProperty("Metrics").EnumerateArray());
    }
}
