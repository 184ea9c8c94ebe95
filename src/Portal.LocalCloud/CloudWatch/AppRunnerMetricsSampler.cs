using Portal.LocalCloud.AppRunner;
using Portal.LocalCloud.World;

namespace Portal.LocalCloud.CloudWatch;

/// <summary>
/// The AWS/AppRunner gauges App Runner publishes itself rather than per request: Concurrency (requests
/// in flight, averaged between samples), ActiveInstances (what the auto scaling configuration would
/// run for that concurrency; 0 while paused) and CPU/memory utilization derived from load per instance.
/// </summary>
public sealed class AppRunnerMetricsSampler(CloudWorld world, MetricStore store, SimClock clock, LocalCloudOptions options) : ISimulation
{
    private static readonly TimeSpan AwsSampleInterval = TimeSpan.FromSeconds(5);

    public void Start(SimTasks tasks)
    {
        AppRunnerService[] services;
        lock (world.Gate) services = [.. world.Services];
        var random = new Random(options.RandomSeed + 1);
        ConcurrencySampling.Start(tasks, clock, "App Runner", AwsSampleInterval,
            [.. services.Select(s => (Func<int>)(() => Volatile.Read(ref s.InFlight)))],
            (i, concurrency, now) => Sample(services[i], concurrency, random, now));
    }

    private void Sample(AppRunnerService service, double concurrency, Random random, DateTimeOffset now)
    {
        int instances, maxConcurrency;
        lock (world.Gate)
        {
            instances = service.InstancesFor(concurrency);
            maxConcurrency = service.MaxConcurrency;
        }
        store.Record(ServiceMetrics.Key(service, "Concurrency"), concurrency, now);
        store.Record(ServiceMetrics.Key(service, "ActiveInstances"), instances, now);
        if (instances == 0) return; // a paused service has no instances to report utilization for

        // Load per instance as a fraction of what one instance is configured to take; an idle
        // instance still burns a little CPU and holds its runtime's memory.
        var load = concurrency / (instances * (double)maxConcurrency);
        var cpu = Math.Clamp(3 + 85 * load + ConcurrencySampling.Noise(random, 0.8), 0.5, 100);
        var memory = Math.Clamp(24 + 35 * load + ConcurrencySampling.Noise(random, 0.4), 1, 100);
        store.Record(ServiceMetrics.Key(service, "CPUUtilization"), cpu, now);
        store.Record(ServiceMetrics.Key(service, "MemoryUtilization"), memory, now);
    }
}
