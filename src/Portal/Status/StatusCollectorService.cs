using Microsoft.Extensions.Options;
using Portal.Core.Status;

namespace Portal.Status;

/// <summary>
/// Runs the one shared <see cref="StatusCollector"/> on two clocks (fast state, slow metrics) for as long
/// as the portal runs, whoever is watching. A refresh that throws is logged and retried next tick.
/// </summary>
public sealed class StatusCollectorService(StatusCollector collector, IOptions<StatusOptions> options, TimeProvider time,
    ILogger<StatusCollectorService> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.WhenAll(
        Loop("state", options.Value.RefreshInterval, collector.RefreshAsync, stoppingToken),
        Loop("metrics", options.Value.MetricsInterval, collector.RefreshMetricsAsync, stoppingToken));

    private async Task Loop(string what, TimeSpan interval, Func<CancellationToken, Task> refresh, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            try { await refresh(stoppingToken); }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception e) { logger.LogError(e, "Status refresh ({What}) failed; retrying in {Interval}", what, interval); }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false) is true);
    }
}
