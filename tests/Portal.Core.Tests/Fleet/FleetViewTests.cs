using Portal.Core.Fleet;
using Portal.Core.Status;
using Portal.Core.Topology;

namespace Portal.Core.Tests.Fleet;

public class FleetViewTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    private static EnvironmentStatus Env(string name, string? application, bool isProtected, params VerdictLevel[] regions)
    {
        string[] names = ["us-east-1", "us-east-2", "us-west-2"];
        var topology = new EnvironmentTopology(name, isProtected, "Z1", $"{name}.example.com.", name,
            [.. regions.Select((_, i) => new RegionTopology(names[i], $"arn:aws:apprunner:{names[i]}:123456789012:service/{name}/abc", "webapp",
                "abcdef12-3456-7890-abcd-ef1234567890", names[i]))])
        { Application = application };
        return new EnvironmentStatus(topology, At,
            [.. topology.Regions.Select((r, i) => RegionStatus.Unobserved(r) with { Verdict = new RegionVerdict(regions[i], $"{regions[i]} because", []) })]);
    }

    [Fact]
    public void A_cell_says_which_runtime_serves_its_region()
    {
        var env = Env("mixed", "shop", false, VerdictLevel.Healthy, VerdictLevel.Healthy);
        var express = env.Topology.Regions[1] with { Runtime = RegionRuntime.EcsExpress };
        env = env with { Regions = [env.Regions[0], env.Regions[1] with { Topology = express }] };

        var cells = FleetView.Rows([env], new FleetFilter()).Single().Cells;

        Assert.Equal([RegionRuntime.AppRunner, RegionRuntime.EcsExpress], cells.Select(c => c.Runtime));
    }

    [Fact]
    public void Rows_come_worst_first_then_by_how_many_regions_are_that_bad_then_protected_then_name()
    {
        EnvironmentStatus[] fleet =
        [
            Env("b-healthy", "shop", false, VerdictLevel.Healthy, VerdictLevel.Healthy, VerdictLevel.Healthy),
            Env("a-degraded", "shop", false, VerdictLevel.Healthy, VerdictLevel.Degraded, VerdictLevel.Healthy),
            Env("c-one-down", "shop", false, VerdictLevel.Down, VerdictLevel.Healthy, VerdictLevel.Healthy),
            Env("d-two-down", "search", false, VerdictLevel.Down, VerdictLevel.Down, VerdictLevel.Healthy),
            Env("e-stale", "search", false, VerdictLevel.Healthy, VerdictLevel.Stale, VerdictLevel.Healthy),
            Env("f-paused", "search", false, VerdictLevel.Paused, VerdictLevel.Paused, VerdictLevel.Paused),
            Env("z-prod-one-down", "search", true, VerdictLevel.Healthy, VerdictLevel.Healthy, VerdictLevel.Down),
            Env("a-healthy", "search", false, VerdictLevel.Healthy, VerdictLevel.Healthy, VerdictLevel.Healthy),
        ];

        var rows = FleetView.Rows(fleet, new FleetFilter());

        Assert.Equal(["d-two-down", "z-prod-one-down", "c-one-down", "e-stale", "a-degraded", "f-paused", "a-healthy", "b-healthy"],
            rows.Select(r => r.Environment));
        Assert.Equal(VerdictLevel.Down, rows[0].Worst);
        Assert.Equal(["us-east-1", "us-east-2", "us-west-2"], rows[0].Cells.Select(c => c.Region));
        Assert.Equal("Down because", rows[0].Cells[0].Reason);
    }

    [Fact]
    public void Filters_keep_an_application_and_environments_with_any_region_at_the_verdict()
    {
        EnvironmentStatus[] fleet =
        [
            Env("shop-prod", "shop", true, VerdictLevel.Healthy, VerdictLevel.Down),
            Env("shop-dev", "shop", false, VerdictLevel.Healthy, VerdictLevel.Healthy),
            Env("search-prod", "search", true, VerdictLevel.Down, VerdictLevel.Healthy),
            Env("legacy", null, false, VerdictLevel.Down, VerdictLevel.Healthy),
        ];

        Assert.Equal(["shop-prod", "shop-dev"], FleetView.Rows(fleet, new FleetFilter("shop")).Select(r => r.Environment));
        Assert.Equal(["search-prod", "shop-prod", "legacy"], FleetView.Rows(fleet, new FleetFilter(Verdict: VerdictLevel.Down)).Select(r => r.Environment));
        Assert.Equal(["shop-prod"], FleetView.Rows(fleet, new FleetFilter("shop", VerdictLevel.Down)).Select(r => r.Environment));
        Assert.Empty(FleetView.Rows(fleet, new FleetFilter("shop", VerdictLevel.Paused)));
    }

    [Fact]
    public void Counts_list_every_verdict_worst_first_with_zeros()
    {
        var rows = FleetView.Rows([Env("a", null, false, VerdictLevel.Down, VerdictLevel.Healthy, VerdictLevel.Healthy)], new FleetFilter());

        Assert.Equal(
            [(VerdictLevel.Down, 1), (VerdictLevel.Stale, 0), (VerdictLevel.Unknown, 0), (VerdictLevel.Degraded, 0), (VerdictLevel.Paused, 0),
                (VerdictLevel.Healthy, 2)],
            FleetView.Counts(rows));
    }

    [Fact]
    public void Applications_are_the_topologys_distinct_names_sorted_without_ungrouped_environments()
    {
        var environments = new[] { Env("a", "shop", false, VerdictLevel.Healthy), Env("b", null, false, VerdictLevel.Healthy),
            Env("c", "ads", false, VerdictLevel.Healthy), Env("d", "shop", false, VerdictLevel.Healthy) }
            .Select(e => e.Topology);

        Assert.Equal(["ads", "shop"], FleetView.Applications(environments));
    }

    [Fact]
    public void Every_verdict_level_has_a_place_in_the_order()
    {
        Assert.Equal(Enum.GetValues<VerdictLevel>().Order(), FleetView.WorstFirst.Order());
    }
}
