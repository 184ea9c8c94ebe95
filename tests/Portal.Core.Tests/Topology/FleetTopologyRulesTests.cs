using Portal.Core.Topology;

namespace Portal.Core.Tests.Topology;

/// <summary>A fleet: any number of environments, each in 2 to 5 regions, optionally grouped by application.</summary>
public class FleetTopologyRulesTests
{
    private static readonly string[] FiveRegions = ["us-east-1", "us-east-2", "us-west-2", "eu-west-1", "ap-southeast-2"];

    private static EnvironmentTopology Environment(string name, int regions, string? application = null) =>
        new(name, false, "Z0123456789ABCDEFGHIJ", $"{name}.example.com.", $"{name}-table",
            [.. FiveRegions.Take(regions).Select(r => new RegionTopology(r,
                $"arn:aws:apprunner:{r}:123456789012:service/{name}/0123456789abcdef0123456789abcdef", "webapp", "abcdef12-3456-7890-abcd-ef1234567890", r))])
        { Application = application };

    [Fact]
    public void Forty_environments_in_three_regions_grouped_by_application_have_no_problems()
    {
        var fleet = new PortalTopology([.. Enumerable.Range(0, 40).Select(i => Environment($"app{i % 8}-env{i}", 3, $"app{i % 8}"))]);

        Assert.Empty(TopologyRules.Validate(fleet));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public void Two_to_five_regions_are_allowed(int regions) =>
        Assert.Empty(TopologyRules.Validate(new PortalTopology([Environment("production", regions)])));

    [Fact]
    public void Six_regions_are_refused_naming_the_allowed_range()
    {
        var six = Environment("production", 5);
        six = six with { Regions = [.. six.Regions, new RegionTopology("eu-central-1",
            "arn:aws:apprunner:eu-central-1:123456789012:service/production/0123456789abcdef0123456789abcdef", "webapp", "abcdef12-3456-7890-abcd-ef1234567890",
            "eu-central-1")] };

        var problem = Assert.Single(TopologyRules.Validate(new PortalTopology([six])));

        Assert.Equal("Portal:Environments:0:Regions must list 2 to 5 regions in rollout order (got 6).", problem);
    }

    [Fact]
    public void An_application_name_must_be_lower_case_letters_digits_and_dashes()
    {
        var problem = Assert.Single(TopologyRules.Validate(new PortalTopology([Environment("production", 3, "Check Out")])));

        Assert.Equal("Portal:Environments:0:Application 'Check Out' must be lower-case letters, digits and dashes (or absent).", problem);
    }
}
