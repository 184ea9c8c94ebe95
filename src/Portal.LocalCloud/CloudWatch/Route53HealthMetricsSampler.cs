using Portal.LocalCloud.World;

namespace Portal.LocalCloud.CloudWatch;

/// <summary>
/// The metrics Route 53 publishes for every health check (Route 53 Developer Guide, "Monitoring health checks using
/// CloudWatch"): <c>HealthCheckStatus</c> (1 healthy, 0 unhealthy: the check's own verdict, after Inverted) and
/// <c>HealthCheckPercentageHealthy</c> (the share of checkers that consider the endpoint healthy), namespace
/// AWS/Route53, dimension HealthCheckId, at one-minute resolution and only in US East (N. Virginia), whatever the
/// regions of the endpoints. Sampled every 10 s (Route 53's fast request interval), so a minute's Minimum and
/// Average reflect a change within it.
/// </summary>
public sealed class Route53HealthMetricsSampler(CloudWorld world, MetricStore store, SimClock clock) : ISimulation
{
    /// <summary>The one region CloudWatch holds Route 53's metrics in.</summary>
    public const string Region = "us-east-1";

    public const string Namespace = "AWS/Route53";

    private static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(10);

    public void Start(SimTasks tasks)
    {
        Sample();
        tasks.Every("route53 health metrics", clock, SampleInterval, _ =>
        {
            Sample();
            return Task.CompletedTask;
        });
    }

    public static MetricKey Key(string healthCheckId, string metricName) =>
        new(Region, Namespace, metricName, [new Dimension("HealthCheckId", healthCheckId)]);

    /// <summary>Records both metrics of every health check that exists now (checks created later are picked up by the next sample).</summary>
    public void Sample()
    {
        List<(string Id, bool Healthy, double Percentage)> checks;
        lock (world.Gate)
            checks = [.. world.HealthChecks.Where(c => c.Checkers.Count > 0).Select(c =>
                (c.Id, c.IsHealthy, 100.0 * c.Checkers.Count(o => o.ConsidersHealthy) / c.Checkers.Count))];
        var now = clock.Now;
        foreach (var (id, healthy, percentage) in checks)
        {
            store.Record(Key(id, "HealthCheckStatus"), healthy ? 1 : 0, now);
            store.Record(Key(id, "HealthCheckPercentageHealthy"), percentage, now);
        }
    }
}
