using Portal.Core.Drills;
using Portal.Core.Topology;

namespace Portal.Core.Tests.Drills;

public sealed class CapacityPreflightTests
{
    [Fact]
    public async Task An_environment_with_an_ecs_express_region_is_not_compared_by_concurrency_and_the_step_says_why()
    {
        var world = new TwoRegionWorld();
        // No capacity is known for any region: a read would be a problem, so none may be made.
        world.Capacities.Clear();
        var east2 = world.Env.Regions[1];
        var env = world.Env with
        {
            Regions = [world.Env.Regions[0], new RegionTopology("us-east-2", "arn:aws:ecs:us-east-2:123456789012:service/default/webapp", "webapp",
                east2.HealthCheckId, east2.SetIdentifier) { Runtime = RegionRuntime.EcsExpress }],
        };
        var problems = new List<string>();

        var note = await new CapacityPreflight(world, world).CheckAsync(env, env.Regions[0], [env.Regions[1]], TwoRegionWorld.Start.AddMinutes(-5),
            TwoRegionWorld.Start, problems, CancellationToken.None);

        Assert.Empty(problems);
        Assert.StartsWith("Capacity not compared: us-east-2 runs ECS Express", note);
    }

    [Fact]
    public async Task App_runner_regions_are_still_compared()
    {
        var world = new TwoRegionWorld();
        world.Capacities.Remove("us-east-2");
        var problems = new List<string>();

        await new CapacityPreflight(world, world).CheckAsync(world.Env, world.Env.Regions[0], [world.Env.Regions[1]], TwoRegionWorld.Start.AddMinutes(-5),
            TwoRegionWorld.Start, problems, CancellationToken.None);

        Assert.Contains(problems, p => p.StartsWith("us-east-2's auto-scaling configuration could not be read", StringComparison.Ordinal));
    }
}
