using Microsoft.Extensions.Options;
using Portal.Core.Status;

namespace Portal.Status;

/// <summary>
/// Runs the cluster's collector for as long as the portal runs, whoever is watching: the lease on its own clock, the
/// fast state and the slow metrics on theirs (reading AWS only while this instance holds the lease), and, on the
/// other instances, the collector's publishes as they are announced. A step that throws is logged and tried again.
/// </summary>
public sealed class StatusCollectorService(ClusterCollector cluster, IStatusShare share, IOptions<StatusOptions> options, IOptions<CollectorOptions> collector,
    TimeProvider time, ILogger<StatusCollectorService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The lease first: an instance that starts alone collects from its first tick.
        await RenewAsync(stoppingToken);
        await Task.WhenAll(
            Loop("lease", collector.Value.RenewInterval, RenewAsync, stoppingToken),
            Loop("state", PlanningTick, cluster.RefreshStateAsync, stoppingToken),
            Loop("metrics", options.Value.MetricsInterval, cluster.RefreshMetricsAsync, stoppingToken),
            // Route 53's health check metrics are one-minute datapoints; reading them each refresh interval catches a new one within seconds.
            Loop("health metrics", options.Value.RefreshInterval, cluster.RefreshHealthMetricsAsync, stoppingToken),
            Loop("follow", TimeSpan.Zero, FollowAsync, stoppingToken));
    }

    // Environments come due one by one and the budgets refill continuously: plan ten times per refresh interval (50 ms
    // to 1 s), so each environment is read at most a tenth of its interval late.
    private TimeSpan PlanningTick => TimeSpan.FromTicks(Math.Clamp(options.Value.RefreshInterval.Ticks / 10, TimeSpan.FromMilliseconds(50).Ticks,
        TimeSpan.FromSeconds(1).Ticks));

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // Handing the lease back lets another instance collect at its next try instead of after the lease runs out.
        await cluster.Leadership.ReleaseAsync(cancellationToken);
    }

    private async Task RenewAsync(CancellationToken ct)
    {
        var was = cluster.Leadership.IsLeader;
        await cluster.RenewAsync(ct);
        if (cluster.Leadership.IsLeader != was)
            logger.LogInformation(was ? "Instance {Instance} no longer collects status ({Reason})" : "Instance {Instance} collects status for the " +
                "cluster{Reason}",
                cluster.Leadership.InstanceId, was ? cluster.Leadership.LastError ?? $"{cluster.Leadership.Holder} holds the lease" : "");
        else if (cluster.Leadership.LastError is { } error)
            logger.LogWarning("Instance {Instance} cannot reach the collector's lease: {Error}", cluster.Leadership.InstanceId, error);
    }

    // A publish is announced at once; the refresh interval bounds a missed announcement.
    private async Task FollowAsync(CancellationToken ct)
    {
        await share.WaitForPublishAsync(options.Value.RefreshInterval, ct);
        await cluster.FollowAsync(ct);
    }

    private async Task Loop(string what, TimeSpan interval, Func<CancellationToken, Task> step, CancellationToken stoppingToken)
    {
        using var timer = interval > TimeSpan.Zero ? new PeriodicTimer(interval, time) : null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try { await step(stoppingToken); }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception e)
            {
                logger.LogError(e, "Status {What} failed; trying again in {Interval}", what, interval > TimeSpan.Zero
                    ? interval : options.Value.RefreshInterval);
                // The follow loop has no timer of its own: a failing database must not make it spin.
                if (timer is null) await Task.Delay(options.Value.RefreshInterval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            try
            {
                if (timer is not null && !await timer.WaitForNextTickAsync(stoppingToken)) return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
        }
    }
}
