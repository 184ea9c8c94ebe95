using Portal.LocalCloud.CloudWatch;
using Portal.LocalCloud.World;

namespace Portal.LocalCloud.Ecs;

/// <summary>
/// The AWS/ECS service metrics (dimensions ClusterName, ServiceName) ECS publishes every minute:
/// CPUUtilization and MemoryUtilization averaged over the service's tasks, derived from the load the
/// load balancer's real requests put on the tasks the scaling target runs. Per-request ALB metrics are
/// recorded by <see cref="ExpressEndpoint"/>; the ALB's per-minute HealthyHostCount (dimensions LoadBalancer,
/// TargetGroup) is sampled here with the tasks.
/// </summary>
public sealed class ExpressMetricsSampler(CloudWorld world, MetricStore store, SimClock clock, LocalCloudOptions options) : ISimulation
{
    public const string EcsNamespace = "AWS/ECS";

    private static readonly TimeSpan AwsSampleInterval = TimeSpan.FromMinutes(1);

    // Requests one task of the simulated app serves at full CPU.
    private const double RequestsPerTaskAtFullLoad = 50;

    public void Start(SimTasks tasks)
    {
        ExpressGatewayService[] services;
        lock (world.Gate) services = [.. world.ExpressServices];
        if (services.Length == 0) return;
        var random = new Random(options.RandomSeed + 2);
        ConcurrencySampling.Start(tasks, clock, "ECS Express", AwsSampleInterval,
            [.. services.Select(s => (Func<int>)(() => Volatile.Read(ref s.InFlight)))],
            (i, concurrency, now) => Sample(services[i], concurrency, random, now));
    }

    public static MetricKey Key(ExpressGatewayService service, string metricName) =>
        new(service.Region, EcsNamespace, metricName, [new Dimension("ClusterName", ExpressGatewayService.Cluster),
            new Dimension("ServiceName", service.Name)]);

    private void Sample(ExpressGatewayService service, double concurrency, Random random, DateTimeOffset now)
    {
        int taskCount;
        lock (world.Gate) taskCount = service.TasksFor(concurrency, service.CurrentRevision);
        var load = concurrency / (taskCount * RequestsPerTaskAtFullLoad);
        store.Record(Key(service, "CPUUtilization"), Math.Clamp(2 + 90 * load + ConcurrencySampling.Noise(random, 0.8), 0.5, 100), now);
        store.Record(Key(service, "MemoryUtilization"), Math.Clamp(30 + 30 * load + ConcurrencySampling.Noise(random, 0.4), 1, 100), now);
        // The target group's healthy targets: every running task passes the load balancer's health check here.
        store.Record(ExpressEndpoint.Key(service, "HealthyHostCount"), taskCount, now);
    }
}
