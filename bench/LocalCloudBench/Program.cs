using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.LocalCloud;
using Portal.LocalCloud.AppRunner;
using Portal.LocalCloud.CloudWatch;
using LocalCloudBench;

// LocalCloud's own cost at the demo settings: `dotnet run -c Release --project bench/LocalCloudBench [seconds=60] [requestsPerSecond=5]`.
var seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 60;
var rate = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 5;
var options = new LocalCloudOptions { Port = 0, TimeScale = 0.05, TrafficRatePerSecond = rate };

var process = Process.GetCurrentProcess();
await using var cloud = await LocalCloudHost.StartAsync(options, NullLoggerFactory.Instance);
Console.WriteLine($"LocalCloud on {cloud.Endpoint} (TimeScale {options.TimeScale}, {rate} req/s per environment), measuring for {seconds} s...");

process.Refresh();
var cpuStart = process.TotalProcessorTime;
var wall = Stopwatch.StartNew();
long peakWorkingSet = 0, peakHeap = 0;
while (wall.Elapsed < TimeSpan.FromSeconds(seconds))
{
    await Task.Delay(500);
    process.Refresh();
    peakWorkingSet = Math.Max(peakWorkingSet, process.WorkingSet64);
    peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(false));
}
process.Refresh();
var cpu = process.TotalProcessorTime - cpuStart;
var elapsed = wall.Elapsed;
var finalWorkingSet = process.WorkingSet64;
var finalHeap = GC.GetTotalMemory(false);

// What the services served, as CloudWatch reports it (traffic through the global endpoints plus health checks).
var store = cloud.Services.GetRequiredService<MetricStore>();
var now = cloud.Clock.Now;
Statistic.TryParse("Sum", out var sum);
double served = 0;
lock (cloud.World.Gate)
    foreach (var service in cloud.World.Services)
        served += store.Query(ServiceMetrics.Key(service, "Requests"), now.AddSeconds(-seconds - 120), now.AddMinutes(1), 3600 * 24, sum).Sum(p => p.Value);
var traffic = cloud.Services.GetServices<ISimulation>().OfType<TrafficGenerator>().Single();

// API round trip: DescribeService (App Runner, JSON 1.0) and GetMetricData (CloudWatch, Query) with real SigV4.
using var http = new HttpClient();
var client = new SigV4Client(http, cloud.Endpoint, options.AccessKeyId, options.SecretAccessKey);
string arn;
lock (cloud.World.Gate) arn = cloud.World.Services[0].Arn;
var describe = await Time(() => client.PostAsync("us-east-1", "apprunner", "application/x-amz-json-1.0", $"{{\"ServiceArn\":\"{arn}\"}}",
    "AppRunner.DescribeService"));
var start = Uri.EscapeDataString(now.AddHours(-3).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
var end = Uri.EscapeDataString(now.AddMinutes(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
string form;
lock (cloud.World.Gate)
    form = $"Action=GetMetricData&Version=2010-08-01&StartTime={start}&EndTime={end}"
        + string.Concat(cloud.World.Services.Where(s => s.Region == "us-east-1")
        .SelectMany(s => new[] { "Requests", "RequestLatency", "ActiveInstances" }.Select(m => (s, m))).Select((q, i) =>
        $"&MetricDataQueries.member.{i + 1}.Id=q{i}&MetricDataQueries.member.{i + 1}.MetricStat.Metric.Namespace=AWS%2FAppRunner" +
        $"&MetricDataQueries.member.{i + 1}.MetricStat.Metric.MetricName={q.m}" +
        $"&MetricDataQueries.member.{i + 1}.MetricStat.Metric.Dimensions.member.1.Name=ServiceName" +
        $"&MetricDataQueries.member.{i + 1}.MetricStat.Metric.Dimensions.member.1.Value={q.s.Name}" +
        $"&MetricDataQueries.member.{i + 1}.MetricStat.Metric.Dimensions.member.2.Name=ServiceID" +
        $"&MetricDataQueries.member.{i + 1}.MetricStat.Metric.Dimensions.member.2.Value={q.s.Id}" +
        $"&MetricDataQueries.member.{i + 1}.MetricStat.Period=60&MetricDataQueries.member.{i + 1}.MetricStat.Stat=p99"));
var metricData = await Time(() => client.PostAsync("us-east-1", "monitoring", "application/x-www-form-urlencoded; charset=utf-8", form));

Console.WriteLine();
Console.WriteLine($"{"measure",-44} {"value",14}");
Console.WriteLine(new string('-', 59));
Row("wall time (s)", elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture));
Row("CPU time (s)", cpu.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture));
Row("CPU (% of one core)", (100 * cpu.TotalSeconds / elapsed.TotalSeconds).ToString("F1", CultureInfo.InvariantCulture));
Row("working set peak / final (MB)", $"{peakWorkingSet / 1e6:F0} / {finalWorkingSet / 1e6:F0}");
Row("GC heap peak / final (MB)", $"{peakHeap / 1e6:F1} / {finalHeap / 1e6:F1}");
Row("generator sent / completed / failed / shed", $"{traffic.Sent}/{traffic.Completed}/{traffic.Failed}/{traffic.Shed}");
Row("requests the services served (Requests Sum)", served.ToString("F0", CultureInfo.InvariantCulture));
Row("DescribeService round trip p50 / p99 (ms)", describe);
Row("GetMetricData (6 queries, 3 h) p50 / p99 (ms)", metricData);
return;

static void Row(string name, string value) => Console.WriteLine($"{name,-44} {value,14}");

static async Task<string> Time(Func<Task<int>> call)
{
    var status = await call(); // warm-up, and a check that the call really succeeds
    if (status != 200) return $"HTTP {status}";
    var timings = new List<double>();
    for (var i = 0; i < 200; i++)
    {
        var started = Stopwatch.GetTimestamp();
        await call();
        timings.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }
    timings.Sort();
    return $"{timings[99]:F2} / {timings[197]:F2}";
}
