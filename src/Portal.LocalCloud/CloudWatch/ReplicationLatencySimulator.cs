using Portal.LocalCloud.Faults;
using Portal.LocalCloud.World;

namespace Portal.LocalCloud.CloudWatch;

/// <summary>
/// AWS/DynamoDB ReplicationLatency for every direction of every global table, recorded in the source
/// region (where DynamoDB emits it) with dimensions TableName and ReceivingRegion. Latency is
/// lognormal (median ~700 ms, p99 ~2 s), scaled up during a lag-spike fault; a direction with either
/// end down replicates nothing and so reports nothing.
/// </summary>
public sealed class ReplicationLatencySimulator(CloudWorld world, MetricStore store, FaultState faults, SimClock clock, LocalCloudOptions options) : ISimulation
{
    public const string Namespace = "AWS/DynamoDB";
    private static readonly TimeSpan AwsInterval = TimeSpan.FromSeconds(10);
    private const int SamplesPerDirection = 3;
    private const double MedianMs = 700;
    private const double Sigma = 0.45;

    public static MetricKey Key(string sourceRegion, string tableName, string receivingRegion) =>
        new(sourceRegion, Namespace, "ReplicationLatency", [new Dimension("TableName", tableName), new Dimension("ReceivingRegion", receivingRegion)]);

    public void Start(SimTasks tasks)
    {
        var random = new Random(options.RandomSeed + 2);
        tasks.Every("replication latency", clock, AwsInterval, _ =>
        {
            List<(string Table, string[] Regions)> tables;
            lock (world.Gate)
                tables = [.. world.Tables.Select(t => (t.Name, t.Replicas.Where(r => r.Value is "ACTIVE" or "UPDATING").Select(r => r.Key).ToArray()))];
            var multiplier = faults.ReplicationLagMultiplier;
            var now = clock.Now;
            foreach (var (table, regions) in tables)
                foreach (var source in regions)
                    foreach (var receiving in regions)
                    {
                        if (source == receiving || faults.IsRegionDown(source) || faults.IsRegionDown(receiving)) continue;
                        var key = Key(source, table, receiving);
                        for (var i = 0; i < SamplesPerDirection; i++) store.Record(key, Sample(random) * multiplier, now);
                    }
            return Task.CompletedTask;
        });
    }

    private static double Sample(Random random)
    {
        var gaussian = Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return Math.Min(30_000, MedianMs * Math.Exp(Sigma * gaussian));
    }
}
