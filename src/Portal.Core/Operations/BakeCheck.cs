using Portal.Core.Health;
using Portal.Core.Metrics;
using Portal.Core.Status;
using Portal.Core.Topology;

namespace Portal.Core.Operations;

/// <summary>
/// A freshly deployed region must stay healthy for the bake time before the rollout goes on: its Route 53 health
/// check above the 18% rule, its own health route answering, and its 5xx share under the threshold (CloudWatch).
/// </summary>
public sealed class BakeCheck(IHealthChecks health, IMetricsSource metrics, IEndpointProbe probe, OperationSettings settings)
{
    public async Task RunAsync(StepScope step, RegionTopology region, string? serviceUrl)
    {
        var run = step.Run;
        var started = run.Time.GetUtcNow();
        var failedProbes = 0;
        while (true)
        {
            var status = await health.GetStatusAsync(region.HealthCheckId, run.CancellationToken);
            if (!status.IsHealthy)
                throw new StepFailedException($"{region.Region}: the Route 53 health check turned unhealthy during the bake: " +
                    $"{status.HealthyCount} of {status.Total} checkers healthy (needs more than {Format.Percent(HealthCheckStatus.HealthyThreshold)}).");

            // Two failed looks in a row, not one: a single probe can hit a restarting instance.
            var probed = serviceUrl is null ? null : await probe.ProbeAsync(serviceUrl, run.CancellationToken);
            failedProbes = probed is { Healthy: false } ? failedProbes + 1 : 0;
            if (failedProbes >= 2)
                throw new StepFailedException($"{region.Region}: the service's health route failed twice in a row during the bake ({Describe(probed!)}).");

            var (requests, errors) = await FiveXxAsync(region, started, run);
            var rate = requests > 0 ? errors / requests : 0;
            if (requests >= settings.Min5xxSample && rate > settings.Max5xxRate)
                throw new StepFailedException($"{region.Region}: {Format.Percent(rate)} of {requests:0} requests answered 5xx during the bake (threshold " +
                    $"{Format.Percent(settings.Max5xxRate)}).");

            var elapsed = run.Time.GetUtcNow() - started;
            var summary = $"{status.HealthyCount} of {status.Total} checkers healthy, " +
                (requests > 0 ? $"5xx {Format.Percent(rate)} of {requests:0} requests" : "no requests counted yet");
            if (elapsed >= settings.BakeTime)
            {
                step.Done($"{region.Region} stayed healthy for {Format.Span(settings.BakeTime)}: {summary}.");
                return;
            }
            await step.ReportAsync($"Baking {Format.Span(elapsed)} of {Format.Span(settings.BakeTime)}: {summary}.");
            var left = settings.BakeTime - elapsed;
            await run.DelayAsync(left < settings.PollInterval ? left : settings.PollInterval);
        }
    }

    private static string Describe(ProbeResult probe) => probe.StatusCode is { } code ? $"HTTP {code}" : probe.Detail;

    // From the minute the bake started: CloudWatch's one-minute buckets include a little of the time before it.
    private async Task<(double Requests, double Errors)> FiveXxAsync(RegionTopology region, DateTimeOffset since, OperationRun run)
    {
        var requests = DashboardMetrics.Service.Single(m => m.Key == "requests");
        var errors = DashboardMetrics.Service.Single(m => m.Key == "http5xx");
        var start = new DateTimeOffset(since.Year, since.Month, since.Day, since.Hour, since.Minute, 0, TimeSpan.Zero);
        var series = await metrics.GetMetricDataAsync(region.Region,
            [DashboardMetrics.ServiceQuery("requests", region, requests), DashboardMetrics.ServiceQuery("errors", region, errors)],
            start, run.Time.GetUtcNow() + TimeSpan.FromMinutes(1), run.CancellationToken);
        return (series[0].Points.Sum(p => p.Value), series[1].Points.Sum(p => p.Value));
    }
}
