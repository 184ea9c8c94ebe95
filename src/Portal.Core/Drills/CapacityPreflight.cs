using Portal.Core.Metrics;
using Portal.Core.Services;
using Portal.Core.Status;
using Portal.Core.Topology;

namespace Portal.Core.Drills;

/// <summary>A drill's capacity preflight: could the other regions serve the whole load once the drilled region is out?</summary>
public sealed class CapacityPreflight(IServiceCapacity capacity, IMetricsSource metrics)
{
    // AWS/AppRunner Concurrency: requests being served at once; the peak is read so that a short burst is not missed.
    private static readonly DashboardMetrics.Definition Concurrency = new("concurrency", "Concurrency", "Maximum");

    /// <summary>
    /// Whether the other regions, fully scaled out (auto-scaling MaxSize × MaxConcurrency each), could serve every request
    /// being served now: the sum of each region's highest AWS/AppRunner Concurrency from <paramref name="from"/> to
    /// <paramref name="to"/>. Adds a problem when they could not or when a figure could not be read; returns the figures
    /// for the step's message.
    /// </summary>
    public async Task<string> CheckAsync(EnvironmentTopology env, RegionTopology region, IReadOnlyList<RegionTopology> others,
        DateTimeOffset from, DateTimeOffset to, List<string> problems, CancellationToken ct)
    {
        // ECS Express scales on CPU, memory or requests per target up to maxTaskCount; it has no requests-in-flight limit
        // per task, so this arithmetic has nothing to add up for it. Said in the step rather than guessed.
        var express = env.Regions.Where(r => r.Runtime == RegionRuntime.EcsExpress).Select(r => r.Region).ToList();
        if (express.Count > 0)
            return $"Capacity not compared: {string.Join(", ", express)} {(express.Count == 1 ? "runs" : "run")} ECS Express, which scales on CPU, memory or " +
                $"requests per target " +
                "(up to its maxTaskCount), not on concurrent requests per instance; watch the other regions' CPU and 5xx during the drill.";
        long available = 0;
        var earlier = problems.Count;
        var parts = new List<string>();
        foreach (var other in others)
        {
            try
            {
                var limits = await capacity.GetCapacityAsync(other.Region, other.ServiceArn, ct);
                available += limits.MaxConcurrentRequests;
                parts.Add($"{other.Region} {limits.MaxSize} × {limits.MaxConcurrency}");
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                problems.Add($"{other.Region}'s auto-scaling configuration could not be read ({ex.Message}), so its capacity is unknown");
            }
        }
        double current = 0;
        foreach (var r in env.Regions)
        {
            try
            {
                var points = (await metrics.GetMetricDataAsync(r.Region, [DashboardMetrics.ServiceQuery("c", r, Concurrency)], from, to, ct))[0].Points;
                // CloudWatch returns no point for minutes in which nothing was published: no requests were being served.
                current += points.Count == 0 ? 0 : points.Max(p => p.Value);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                problems.Add($"{r.Region}'s current concurrency could not be read from CloudWatch ({ex.Message})");
            }
        }
        if (problems.Count > earlier) return "";
        var figures = $"the other regions can serve {available} concurrent requests at most ({string.Join(", ", parts)}) and all regions serve {current:0.#} " +
            $"now (highest Concurrency in the last {(to - from).TotalMinutes:0} minutes)";
        if (available < current) problems.Add($"{figures}: without {region.Region} the others could not serve the current load");
        return $"{figures}.";
    }
}
