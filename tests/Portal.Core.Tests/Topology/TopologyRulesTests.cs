using Portal.Core.Topology;

namespace Portal.Core.Tests.Topology;

public class TopologyRulesTests
{
    private const string East1Arn = "arn:aws:apprunner:us-east-1:123456789012:service/webapp-production/8fe1e10304f84fd2b0df550fe98a71fa";
    private const string East2Arn = "arn:aws:apprunner:us-east-2:123456789012:service/webapp-production/0f9a0b5c0a8d4b6e9d5c2a3b4c5d6e7f";

    private static RegionTopology Region(string region, string arn, string set) =>
        new(region, arn, "webapp", "abcdef12-3456-7890-abcd-ef1234567890", set);

    private static PortalTopology Valid() => new([
        new EnvironmentTopology("production", true, "Z0123456789ABCDEFGHIJ", "app.example.com.", "webapp-production",
            [Region("us-east-1", East1Arn, "us-east-1"), Region("us-east-2", East2Arn, "us-east-2")]),
    ]);

    [Fact]
    public void A_complete_two_region_environment_has_no_problems()
    {
        Assert.Empty(TopologyRules.Validate(Valid()));
    }

    [Theory]
    [InlineData("Z0123456789ABCDEFGHIJ")]
    [InlineData("/hostedzone/Z0123456789ABCDEFGHIJ")]
    [InlineData("0A1B2C3D4E5F6G7H8I9J")]
    [InlineData("/hostedzone/ABCDEFGHIJKLMNOPQRSTUVWXYZ012345")]
    public void Hosted_zone_ids_are_what_route53_documents_not_only_ids_starting_with_z(string zone)
    {
        var env = Valid().Environments[0] with { HostedZoneId = zone };
        Assert.Empty(TopologyRules.Validate(new PortalTopology([env])));
    }

    [Theory]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456")]
    [InlineData("/hostedzone/")]
    [InlineData("Z0123 456")]
    public void A_hosted_zone_id_longer_than_32_characters_or_not_alphanumeric_is_reported(string zone)
    {
        var env = Valid().Environments[0] with { HostedZoneId = zone };
        var problem = Assert.Single(TopologyRules.Validate(new PortalTopology([env])));
        Assert.StartsWith($"Portal:Environments:0:HostedZoneId '{zone}' is not a Route 53 hosted zone id (1 to 32 letters and digits", problem);
    }

    [Fact]
    public void A_service_arn_from_another_region_is_reported_with_its_key_path()
    {
        var env = Valid().Environments[0];
        var swapped = new PortalTopology([env with { Regions = [env.Regions[0], env.Regions[1] with { ServiceArn = East1Arn }] }]);

        var problem = Assert.Single(TopologyRules.Validate(swapped));

        Assert.StartsWith("Portal:Environments:0:Regions:1:ServiceArn must be an App Runner service ARN in us-east-2", problem);
    }

    [Fact]
    public void Every_problem_is_listed_not_only_the_first()
    {
        var broken = new PortalTopology([
            new EnvironmentTopology("", false, "not-a-zone", "", "", [
                new RegionTopology("moon-1", "arn:aws:s3:::bucket", "Bad Repo", "nope", ""),
            ]),
        ]);

        var problems = TopologyRules.Validate(broken);

        Assert.Contains(problems, p => p.StartsWith("Portal:Environments:0:Name is required"));
        Assert.Contains(problems, p => p.StartsWith("Portal:Environments:0:HostedZoneId 'not-a-zone'"));
        Assert.Contains(problems, p => p.StartsWith("Portal:Environments:0:RecordName is required"));
        Assert.Contains(problems, p => p.StartsWith("Portal:Environments:0:TableName is required"));
        Assert.Contains(problems, p => p.StartsWith("Portal:Environments:0:Regions must list 2 to 5 regions in rollout order (got 1)"));
        Assert.Contains(problems, p => p.StartsWith("Portal:Environments:0:Regions:0:Region 'moon-1'"));
        Assert.Contains(problems, p => p.StartsWith("Portal:Environments:0:Regions:0:ServiceArn must be an App Runner service ARN"));
        Assert.Contains(problems, p => p.StartsWith("Portal:Environments:0:Regions:0:EcrRepository 'Bad Repo'"));
        Assert.Contains(problems, p => p.StartsWith("Portal:Environments:0:Regions:0:HealthCheckId 'nope'"));
        Assert.Contains(problems, p => p.StartsWith("Portal:Environments:0:Regions:0:SetIdentifier is required"));
        Assert.Equal(10, problems.Count);
    }

    [Fact]
    public void Duplicate_environment_names_and_regions_are_reported()
    {
        var env = Valid().Environments[0];
        var twice = new PortalTopology([env, env with { Regions = [env.Regions[0], env.Regions[0]] }]);

        var problems = TopologyRules.Validate(twice);

        Assert.Contains(problems, p => p.StartsWith("Portal:Environments:1:Name 'production' is used by another environment"));
        Assert.Contains(problems, p => p.StartsWith("Portal:Environments:1:Regions:1:Region 'us-east-1' appears twice"));
        Assert.Contains(problems, p => p.StartsWith("Portal:Environments:1:Regions:1:SetIdentifier 'us-east-1' is used by another region"));
    }

    [Fact]
    public void Metric_dimensions_come_from_the_service_arn()
    {
        var region = Valid().Environments[0].Regions[0];

        Assert.Equal("webapp-production", region.ServiceName);
        Assert.Equal("8fe1e10304f84fd2b0df550fe98a71fa", region.ServiceId);
    }

    [Theory]
    [InlineData("arn:aws:apprunner:us-east-1:123456789012:service/webapp/8fe1e10304f84fd2b0df550fe98a71fa", true)]
    [InlineData("arn:aws-cn:apprunner:cn-north-1:123456789012:service/webapp/8fe1e10304f84fd2b0df550fe98a71fa", true)]
    [InlineData("arn:aws:apprunner:us-east-1:123456789012:autoscalingconfiguration/Default/1/8fe1e10304f84fd2b0df550fe98a71fa", false)]
    [InlineData("arn:aws:apprunner:us-east-1:12345:service/webapp/8fe1e10304f84fd2b0df550fe98a71fa", false)]
    [InlineData("", false)]
    public void Only_app_runner_service_arns_parse(string arn, bool parses)
    {
        Assert.Equal(parses, ServiceArnParts.TryParse(arn, out _));
    }
}
