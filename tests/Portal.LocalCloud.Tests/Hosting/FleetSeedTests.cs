using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.LocalCloud.World;

namespace Portal.LocalCloud.Tests.Hosting;

/// <summary>The Environments and Regions options: a fleet of environments, each a real endpoint per region behind its own record.</summary>
public sealed class FleetSeedTests
{
    private static readonly string[] ThreeRegions = ["us-east-1", "us-east-2", "us-west-2"];

    [Fact]
    public async Task Twelve_environments_in_three_regions_each_get_a_service_health_check_and_weighted_record_per_region()
    {
        await using var cloud = await LocalCloudHost.StartAsync(
            new LocalCloudOptions { Port = 0, TimeScale = TestCloud.FastScale, TrafficRatePerSecond = 0, Environments = 12, Regions = ThreeRegions },
            NullLoggerFactory.Instance);

        lock (cloud.World.Gate)
        {
            var world = cloud.World;
            Assert.Equal(12, world.Environments.Count);
            Assert.Equal(["production", "staging", "checkout-production", "search-production"], world.Environments.Take(4).Select(e => e.Name));
            Assert.Equal(12, world.Environments.Select(e => e.Name).Distinct().Count());
            Assert.Equal(["webapp", "webapp", "checkout", "search"], world.Environments.Take(4).Select(e => e.Application));
            Assert.Equal(36, world.Services.Count);
            Assert.Equal(36, world.HealthChecks.Count);
            Assert.Equal(36, world.Services.Select(s => s.Port).Distinct().Count());
            foreach (var env in world.Environments)
            {
                Assert.Equal(ThreeRegions, env.Regions.Select(r => r.Region));
                var records = world.HostedZones.Single().Records.Where(r => r.Name == env.RecordName).ToList();
                Assert.Equal(3, records.Count);
                Assert.All(records, r => Assert.Equal(128, r.Weight));
            }
            // Only production stages are protected.
            Assert.Equal(world.Environments.Select(e => e.Name.EndsWith("production", StringComparison.Ordinal)), world.Environments.Select(e => e.Protected));
        }

        // The last environment's us-west-2 endpoint is a real loopback endpoint answering its health route.
        string url;
        lock (cloud.World.Gate) url = cloud.World.Services.Last().ServiceUrl;
        using var http = new HttpClient();
        var health = await http.GetStringAsync($"http://{url}/health");
        Assert.Contains("us-west-2", health);
    }

    [Fact]
    public void The_first_forty_fleet_names_are_eight_applications_in_five_stages_then_numbered_rounds()
    {
        var names = FleetPlan.Environments(45).Select(e => e.Name).ToList();

        Assert.Equal(45, names.Distinct().Count());
        Assert.Equal("shipping-dev", names[41]);
        Assert.Equal(["checkout-production-2", "search-production-2", "catalog-production-2"], names[42..]);
    }

    [Fact]
    public void Regions_given_as_one_comma_separated_value_bind_as_the_command_line_writes_them()
    {
        var configuration = new ConfigurationBuilder().AddCommandLine(["--Environments", "40", "--Regions", "us-east-1, us-east-2,us-west-2"]).Build();
        var options = new LocalCloudOptions();
        configuration.Bind(options);

        options.ReadRegionList(configuration);

        Assert.Equal(40, options.Environments);
        Assert.Equal(ThreeRegions, options.Regions);
        Assert.Empty(options.Validate());
    }

    [Fact]
    public void Regions_given_as_indexed_keys_replace_the_default_list_instead_of_adding_to_it()
    {
        // The binder appends indexed keys to an array's default value: us-east-1, us-east-2, us-east-1, us-east-2, us-west-2.
        var configuration = new ConfigurationBuilder()
            .AddCommandLine(["--Regions:0", "us-east-1", "--Regions:1", "us-east-2", "--Regions:2", "us-west-2"]).Build();
        var options = new LocalCloudOptions();
        configuration.Bind(options);

        options.ReadRegionList(configuration);

        Assert.Equal(ThreeRegions, options.Regions);
        Assert.Empty(options.Validate());
    }

    [Theory]
    [InlineData(1, "us-east-1,us-east-2", "LocalCloud:Environments must be 2-200 (got 1)")]
    [InlineData(201, "us-east-1,us-east-2", "LocalCloud:Environments must be 2-200 (got 201)")]
    [InlineData(2, "us-east-1", "LocalCloud:Regions must name 2 to 5 distinct regions, comma-separated (got 'us-east-1').")]
    [InlineData(2, "us-east-1,us-east-2,us-west-1,us-west-2,eu-west-1,eu-west-2", "LocalCloud:Regions must name 2 to 5 distinct regions")]
    [InlineData(2, "us-east-1,Mars", "LocalCloud:Regions: 'Mars' is not a region name like us-east-1.")]
    public void Bad_fleet_options_are_refused_naming_the_setting_and_what_is_allowed(int environments, string regions, string expected)
    {
        var options = new LocalCloudOptions { Environments = environments, Regions = regions.Split(',') };

        Assert.Contains(options.Validate(), e => e.StartsWith(expected, StringComparison.Ordinal));
    }
}
