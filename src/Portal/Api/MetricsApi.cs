using Portal.Core.Metrics;
using Portal.Core.Status;
using Portal.Core.Topology;
using Portal.Topology;

namespace Portal.Api;

/// <summary>
/// GET /api/environments/{name}/metrics?range=1h|3h|12h|24h: the dashboard's chart data, per series and
/// region, as [epochMs, value] pairs. Read from the collector's in-memory history only, so the number of
/// viewers never changes how often CloudWatch is called.
/// </summary>
public static class MetricsApi
{
    public const string DefaultRange = "1h";

    public static readonly IReadOnlyDictionary<string, TimeSpan> Ranges = new Dictionary<string, TimeSpan>
    {
        ["1h"] = TimeSpan.FromHours(1),
        ["3h"] = TimeSpan.FromHours(3),
        ["12h"] = TimeSpan.FromHours(12),
        ["24h"] = TimeSpan.FromHours(24),
    };

    /// <summary>Every service series as the collector keys them; they are charted as CloudWatch sent them.</summary>
    private static readonly string[] ServiceSeries = [.. DashboardMetrics.Service.Select(d => d.Key)];

    public sealed record MetricsResponse(
        string Environment,
        string Range,
        DateTimeOffset From,
        DateTimeOffset To,
        IReadOnlyList<string> Regions,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, double[][]>> Series);

    public static IEndpointRouteBuilder MapMetricsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/environments").WithTags("Metrics");
        group.MapGet("/{name}/metrics", Get);
        return app;
    }

    private static IResult Get(string name, string? range, StatusBoard board, TopologySource topology, TimeProvider time)
    {
        range = string.IsNullOrEmpty(range) ? DefaultRange : range;
        if (!Ranges.TryGetValue(range, out var span))
            return Results.ValidationProblem(
                new Dictionary<string, string[]> { ["range"] = [$"'{range}' is not a range; use one of {string.Join(", ", Ranges.Keys)}."] },
                title: "Unsupported range");

        // Known from configuration even before the collector's first snapshot, so a fresh start is "no data yet", not 404.
        var env = board.Find(name)?.Topology ?? topology.Current.Find(name);
        if (env is null)
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown environment", detail: $"No environment is named '{name}'.");

        var to = time.GetUtcNow();
        var from = to - span;
        return Results.Ok(new MetricsResponse(env.Name, range, from, to, [.. env.Regions.Select(r => r.Region)], Read(board.Metrics, env, from)));
    }

    private static Dictionary<string, IReadOnlyDictionary<string, double[][]>> Read(MetricHistory history, EnvironmentTopology env, DateTimeOffset from)
    {
        var series = new Dictionary<string, IReadOnlyDictionary<string, double[][]>>();
        foreach (var key in ServiceSeries)
            series[key] = env.Regions.ToDictionary(r => r.Region, r => Points(history.Read(env.Name, r.Region, key, from)));

        series["rate4xx"] = env.Regions.ToDictionary(r => r.Region, r => Rate(history, env.Name, r.Region, "http4xx", from));
        series["rate5xx"] = env.Regions.ToDictionary(r => r.Region, r => Rate(history, env.Name, r.Region, "http5xx", from));

        // DynamoDB emits replication latency in the source region, so "a→b" is read from a's history.
        series[DashboardMetrics.ReplicationKey] = env.Regions
            .SelectMany(source => env.Regions.Where(to => to.Region != source.Region).Select(to => (source.Region, To: to.Region)))
            .ToDictionary(d => $"{d.Region}→{d.To}", d => Points(history.Read(env.Name, d.Region, $"{DashboardMetrics.ReplicationKey}:{d.To}", from)));
        return series;
    }

    /// <summary>
    /// count / requests per minute, in percent: raw error counts hide a quiet region's trouble next to a busy
    /// one's. A minute without requests has no errors, so 0; a minute missing either series is left out.
    /// </summary>
    private static double[][] Rate(MetricHistory history, string env, string region, string countSeries, DateTimeOffset from)
    {
        var requests = history.Read(env, region, "requests", from).ToDictionary(p => p.Timestamp, p => p.Value);
        return [.. history.Read(env, region, countSeries, from)
            .Where(p => requests.ContainsKey(p.Timestamp))
            .Select(p => new MetricPoint(p.Timestamp, requests[p.Timestamp] > 0 ? Math.Round(p.Value / requests[p.Timestamp] * 100, 3) : 0))
            .Select(Pair)];
    }

    private static double[][] Points(IReadOnlyList<MetricPoint> points) => [.. points.Select(Pair)];

    private static double[] Pair(MetricPoint p) => [p.Timestamp.ToUnixTimeMilliseconds(), p.Value];
}
