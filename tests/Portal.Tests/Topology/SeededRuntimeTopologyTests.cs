using Portal.Core.Topology;
using Portal.LocalCloud;
using Portal.LocalCloud.World;
using Portal.LocalMode;

namespace Portal.Tests.Topology;

/// <summary>LocalCloud's runtime seeds as the portal's topology: one region on each runtime and one mid-migration.</summary>
public sealed class SeededRuntimeTopologyTests
{
    [Fact]
    public void A_mixed_seed_gives_one_region_per_runtime_and_a_migrating_region_that_pass_the_topology_rules()
    {
        var options = new LocalCloudOptions { Regions = ["us-east-1", "us-east-2", "us-west-2"], Runtime = "us-east-2=EcsExpress,us-west-2=Migrating" };
        Assert.Empty(options.Validate());
        var topology = LocalCloudRuntime.ToTopology(Seeder.Seed(options, DateTimeOffset.UnixEpoch.AddYears(56)));

        Assert.Empty(TopologyRules.Validate(topology, "LocalCloud:Environments"));
        foreach (var env in topology.Environments)
        {
            var (appRunner, express, migrating) = (env.FindRegion("us-east-1")!, env.FindRegion("us-east-2")!, env.FindRegion("us-west-2")!);
            Assert.Equal((RegionRuntime.AppRunner, (ExpressTarget?)null), (appRunner.Runtime, appRunner.Express));
            Assert.Equal(RegionRuntime.EcsExpress, express.Runtime);
            Assert.StartsWith("arn:aws:ecs:us-east-2:", express.ServiceArn, StringComparison.Ordinal);
            Assert.Equal("us-east-2-ecs-express", express.SetIdentifier);
            Assert.StartsWith($"app/webapp-{env.Name}/", express.LoadBalancer, StringComparison.Ordinal);
            Assert.Equal(RegionRuntime.AppRunner, migrating.Runtime);
            Assert.Equal("us-west-2-ecs-express", migrating.Express!.SetIdentifier);
        }
    }
}
