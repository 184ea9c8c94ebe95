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

    // InFlight is probed in real time, far more often than samples are written, so short bursts count.
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(50);

    public void Start(SimTasks tasks)
    {
        AppRunnerService[] services;
        lock (world.Gate) services = [.. world.Services];
        var inFlightSums = new long[services.Length];
        var probes = new long[services.Length];
        var random = new Random(options.RandomSeed + 1);

        tasks.Run("App Runner in-flight probe", async ct =>
        {
            using var timer = new PeriodicTimer(ProbeInterval, clock.Time);
            while (await timer.WaitForNextTickAsync(ct))
                for (var i = 0; i < services.Length; i++)
                {
                    Interlocked.Add(ref inFlightSums[i], Volatile.Read(ref services[i].InFlight));
                    Interlocked.Increment(ref probes[i]);
                }
        });

        tasks.Every("App Runner metrics sampler", clock, AwsSampleInterval, _ =>
        {
            var now = clock.Now;
            for (var i = 0; i < services.Length; i++)
            {
                var sum = Interlocked.Exchange(ref inFlightSums[i], 0);
                var n = Interlocked.Exchange(ref probes[i], 0);
                Sample(services[i], n == 0 ? Volatile.Read(ref services[i].InFlight) : (double)sum / n, random, now);
            }
            return Task.CompletedTask;
        });
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
        var cpu = Math.Clamp(3 + 85 * load + Noise(random, 0.8), 0.5, 100);
        var memory = Math.Clamp(24 + 35 * load + Noise(random, 0.4), 1, 100);
        store.Record(ServiceMetrics.Key(service, "CPUUtilization"), cpu, now);
        store.Record(ServiceMetrics.Key(service, "MemoryUtilization"), memory, now);
    }

    private static double Noise(Random random, double sigma) =>
        sigma * Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
