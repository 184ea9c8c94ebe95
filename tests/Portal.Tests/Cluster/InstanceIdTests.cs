using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Portal.Tests.Cluster;

/// <summary>Instances left on AUTO get an id each from Quartz: taken literally, one "AUTO" would take the other's running jobs for its own.</summary>
public sealed class InstanceIdTests
{
    [Fact]
    public async Task Two_instances_on_AUTO_join_the_cluster_with_distinct_generated_ids()
    {
        await using var cluster = await PortalCluster.StartAsync();
        var ids = new List<string>();
        foreach (var app in new[] { cluster.Instance("AUTO"), cluster.Instance("auto") })
        {
            var scheduler = await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
            Assert.True((await scheduler.GetMetadata()).JobStoreClustered);
            ids.Add(scheduler.SchedulerInstanceId);
        }

        Assert.DoesNotContain(ids, id => id.Equals("AUTO", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(2, ids.Distinct().Count());
    }
}
