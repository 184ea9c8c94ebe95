using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Topology;

namespace Portal.Tests.Topology;

public class PortalOptionsValidationTests
{
    private const string East1Arn = "arn:aws:apprunner:us-east-1:123456789012:service/webapp-production/8fe1e10304f84fd2b0df550fe98a71fa";

    private static readonly Dictionary<string, string?> Broken = new()
    {
        ["Portal:Mode"] = "Aws",
        ["Portal:Environments:0:Name"] = "production",
        ["Portal:Environments:0:Protected"] = "true",
        ["Portal:Environments:0:HostedZoneId"] = "Z0123456789ABCDEFGHIJ",
        ["Portal:Environments:0:RecordName"] = "app.example.com.",
        ["Portal:Environments:0:TableName"] = "webapp-production",
        ["Portal:Environments:0:Regions:0:Region"] = "us-east-1",
        ["Portal:Environments:0:Regions:0:ServiceArn"] = East1Arn,
        ["Portal:Environments:0:Regions:0:EcrRepository"] = "webapp",
        ["Portal:Environments:0:Regions:0:HealthCheckId"] = "abcdef12-3456-7890-abcd-ef1234567890",
        ["Portal:Environments:0:Regions:0:SetIdentifier"] = "us-east-1",
        // The second region points at the first region's service and lacks its health check.
        ["Portal:Environments:0:Regions:1:Region"] = "us-east-2",
        ["Portal:Environments:0:Regions:1:ServiceArn"] = East1Arn,
        ["Portal:Environments:0:Regions:1:EcrRepository"] = "webapp",
        ["Portal:Environments:0:Regions:1:SetIdentifier"] = "us-east-2",
    };

    private static string[] ExpectedProblems =>
    [
        "Portal:Environments:0:Regions:1:ServiceArn must be an App Runner service ARN in us-east-2",
        "Portal:Environments:0:Regions:1:HealthCheckId is required.",
    ];

    [Fact]
    public void Every_problem_in_the_configured_topology_is_listed_with_its_key_path()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Broken).Build();
        using var provider = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddPortalTopology().BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<PortalOptions>>().Value);

        Assert.Equal(2, error.Failures.Count());
        foreach (var expected in ExpectedProblems) Assert.Contains(error.Failures, f => f.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void The_portal_refuses_to_start_with_an_invalid_topology()
    {
        using var app = new PortalApplication();
        foreach (var (key, value) in Broken) app.With(key, value);

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        var validation = Flatten(error).OfType<OptionsValidationException>().FirstOrDefault(e => e.OptionsType == typeof(PortalOptions));
        Assert.NotNull(validation);
        foreach (var expected in ExpectedProblems) Assert.Contains(expected, validation.Message);
    }

    [Fact]
    public void Aws_mode_without_environments_is_refused()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Portal:Mode"] = "aws" }).Build();
        using var provider = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddPortalTopology().BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<PortalOptions>>().Value);

        Assert.Contains("Portal:Environments must list at least one environment in Aws mode.", error.Failures);
    }

    [Theory]
    [InlineData(null, false, true)]
    [InlineData(null, true, false)]
    [InlineData("Aws", false, false)]
    [InlineData("local", false, true)]
    public void Local_mode_is_the_default_without_environments(string? mode, bool environments, bool local)
    {
        var settings = new Dictionary<string, string?> { ["Portal:Mode"] = mode };
        if (environments) settings["Portal:Environments:0:Name"] = "production";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

        Assert.Equal(local, PortalModes.IsLocal(configuration));
    }

    private static IEnumerable<Exception> Flatten(Exception e)
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            yield return current;
            if (current is AggregateException aggregate)
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Flatten)) yield return inner;
        }
    }

    [Fact]
    public void A_region_runtime_binds_from_configuration_and_an_unknown_one_is_named_with_what_is_allowed()
    {
        var settings = new Dictionary<string, string?>(Broken)
        {
            ["Portal:Environments:0:Regions:1:ServiceArn"] = "arn:aws:ecs:us-east-2:123456789012:service/default/webapp-production",
            ["Portal:Environments:0:Regions:1:HealthCheckId"] = "11111111-2222-3333-4444-555555555555",
            ["Portal:Environments:0:Regions:1:Runtime"] = "EcsExpress",
            ["Portal:Environments:0:Regions:1:LoadBalancer"] = "app/webapp-production/0123456789abcdef",
            ["Portal:Environments:0:Regions:1:TargetGroup"] = "targetgroup/webapp-production/0123456789abcdef",
        };
        var options = new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection("Portal").Get<PortalOptions>()!;
        Assert.Empty(options.Problems());
        var region = options.ToTopology().Environments[0].Regions[1];
        Assert.Equal((Core.Topology.RegionRuntime.EcsExpress, "webapp-production", "default"), (region.Runtime, region.ServiceName, region.ClusterName));

        options.Environments[0].Regions[1].Runtime = "Fargate";
        Assert.Contains("Portal:Environments:0:Regions:1:Runtime must be AppRunner or EcsExpress (got 'Fargate').", options.Problems());
    }
}
