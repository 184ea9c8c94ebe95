using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.LocalCloud.AppRunner;
using Portal.LocalCloud.CloudWatch;
using Portal.LocalCloud.World;

namespace Portal.LocalCloud.Tests.CloudWatch;

/// <summary>Helpers shared by the CloudWatch tests: CLI arguments for get-metric-data and reads of the store.</summary>
internal static class CloudWatchCli
{
    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static object Query(string id, string ns, string metric, string stat, IEnumerable<Dimension> dimensions, int period = 60) => new
    {
        Id = id,
        MetricStat = new
        {
            Metric = new { Namespace = ns, MetricName = metric, Dimensions = dimensions.Select(d => new { d.Name, d.Value }).ToArray() },
            Period = period,
            Stat = stat,
        },
    };

    public static object ServiceQuery(string id, AppRunnerService service, string metric, string stat, int period = 60) =>
        Query(id, ServiceMetrics.Namespace, metric, stat, ServiceMetrics.Key(service, metric).Dimensions, period);

    /// <summary>get-metric-data over the last hour (and the next minute), with the given queries.</summary>
    public static Task<AwsCliResult> GetMetricData(LocalCloudHost cloud, string region, object[] queries, params string[] extra) =>
        GetMetricData(cloud, region, queries, cloud.Clock.Now.AddHours(-1), cloud.Clock.Now.AddMinutes(2), extra);

    public static Task<AwsCliResult> GetMetricData(LocalCloudHost cloud, string region, object[] queries, DateTimeOffset start, DateTimeOffset end,
        params string[] extra) =>
        AwsCli.RunAsync(cloud, region, [
            "cloudwatch", "get-metric-data",
            "--metric-data-queries", JsonSerializer.Serialize(queries),
            "--start-time", Time(start),
            "--end-time", Time(end),
            .. extra]);

    /// <summary>The CLI result for one query id: its values summed (a burst may straddle a minute boundary).</summary>
    public static double SumOf(AwsCliResult result, string id) =>
        ResultOf(result, id).GetProperty("Values").EnumerateArray().Sum(v => v.GetDouble());

    public static JsonElement ResultOf(AwsCliResult result, string id) =>
        result.Json.GetProperty("MetricDataResults").EnumerateArray().Single(r => r.GetProperty("Id").GetString() == id);

    public static double[] ValuesOf(AwsCliResult result, string id) =>
        [.. ResultOf(result, id).GetProperty("Values").EnumerateArray().Select(v => v.GetDouble())];

    /// <summary>The statistic over the last hour straight from the store, for polling before the (slow) CLI runs.</summary>
    public static double StoreValue(LocalCloudHost cloud, MetricKey key, string stat, double empty = 0)
    {
        Assert.True(Statistic.TryParse(stat, out var statistic));
        var now = cloud.Clock.Now;
        var points = cloud.Services.GetRequiredService<MetricStore>().Query(key, now.AddHours(-1), now.AddMinutes(2), 3600 * 2, statistic);
        return points.Count == 0 ? empty : points[0].Value;
    }

    public static AppRunnerService Service(LocalCloudHost cloud, string environment, string region)
    {
        lock (cloud.World.Gate) return cloud.World.Services.Single(s => s.Environment == environment && s.Region == region);
    }

    /// <summary>Makes real requests to a service's own endpoint (not the global one), returning their status codes.</summary>
    public static async Task<int[]> Hit(AppRunnerService service, params string[] paths)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var codes = new List<int>();
        foreach (var path in paths)
        {
            using var response = await client.GetAsync($"http://{service.ServiceUrl}{path}");
            codes.Add((int)response.StatusCode);
        }
        return [.. codes];
    }
}
