using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Portal.Jobs;

namespace Portal.Tests.Cluster;

/// <summary>Instances left on AUTO get a name each: taken literally, two "AUTO" servers could not be told apart as owners of their operations.</summary>
public sealed class InstanceIdTests
{
    [Fact]
    public async Task Two_instances_on_AUTO_join_the_cluster_with_distinct_generated_names()
    {
        await using var cluster = await PortalCluster.StartAsync();
        var names = new List<string>();
        foreach (var app in new[] { cluster.Instance("AUTO"), cluster.Instance("auto") })
            names.Add(app.Services.GetRequiredService<JobServer>().Name);

        Assert.DoesNotContain(names, n => n.Equals("AUTO", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(2, names.Distinct().Count());
        // Both are servers of the one Hangfire on PostgreSQL, seen alike from either.
        var storage = cluster.Instance("portal-c").Services.GetRequiredService<JobStorage>();
        Assert.True(await Eventually.Async(() => Task.FromResult(
            names.All(n => storage.GetMonitoringApi().Servers().Any(s => s.Name.StartsWith(n, StringComparison.Ordinal))))),
            string.Join(", ", storage.GetMonitoringApi().Servers().Select(s => s.Name)));
    }
}
