using Portal.Core.Topology;

namespace Portal.Core.Tests.Topology;

/// <summary>A region's runtime in the topology: App Runner by default, ECS Express with its service ARN and load balancer.</summary>
public class RuntimeTopologyTests
{
    private const string AppRunnerArn = "arn:aws:apprunner:us-east-1:123456789012:service/webapp-production/8fe1e10304f84fd2b0df550fe98a71fa";
    private const string East2Arn = "arn:aws:apprunner:us-east-2:123456789012:service/webapp-production/0f9a0b5c0a8d4b6e9d5c2a3b4c5d6e7f";
    private const string ExpressArn = "arn:aws:ecs:us-east-1:123456789012:service/default/webapp-production";
    private const string LoadBalancer = "app/webapp-production/0123456789abcdef";
    private const string TargetGroup = "targetgroup/webapp-production/fedcba9876543210";
    private const string Check = "abcdef12-3456-7890-abcd-ef1234567890";
    private const string OtherCheck = "11111111-2222-3333-4444-555555555555";

    private static IReadOnlyList<string> Problems(RegionTopology first) => TopologyRules.Validate(new PortalTopology([
        new EnvironmentTopology("production", true, "Z0123456789ABCDEFGHIJ", "app.example.com.", "webapp-production",
            [first, new RegionTopology("us-east-2", East2Arn, "webapp", Check, "us-east-2")]),
    ]));

    private static RegionTopology Express() => new("us-east-1", ExpressArn, "webapp", Check, "us-east-1-ecs-express")
    {
        Runtime = RegionRuntime.EcsExpress,
        LoadBalancer = LoadBalancer,
        TargetGroup = TargetGroup,
    };

    [Fact]
    public void An_express_region_with_its_service_arn_and_load_balancer_is_valid_and_names_its_cloudwatch_dimensions()
    {
        var region = Express();
        Assert.Empty(Problems(region));
        Assert.Equal("webapp-production", region.ServiceName);
        Assert.Equal("default", region.ClusterName);
        Assert.Null(region.ServiceId);
        Assert.Equal("ECS Express", region.RuntimeName);
    }

    [Fact]
    public void An_express_region_with_an_app_runner_arn_is_reported_with_the_arn_shape_expected()
    {
        var problems = Problems(Express() with { ServiceArn = AppRunnerArn });
        Assert.Contains(problems, p => p.StartsWith("Portal:Environments:0:Regions:0:ServiceArn: Runtime is EcsExpress, so ServiceArn must be an ECS service " +
            "ARN in us-east-1 (arn:aws:ecs:us-east-1:<account>:service/<cluster>/<name>)", StringComparison.Ordinal));
    }

    [Fact]
    public void An_app_runner_region_given_an_ecs_arn_is_told_to_set_the_runtime()
    {
        var problems = Problems(new RegionTopology("us-east-1", ExpressArn, "webapp", Check, "us-east-1"));
        Assert.Contains(problems, p => p.Contains("must be an App Runner service ARN", StringComparison.Ordinal)
            && p.EndsWith("for an ECS Express service set Runtime to EcsExpress.", StringComparison.Ordinal));
    }

    [Fact]
    public void An_express_region_in_another_region_or_without_load_balancer_dimensions_is_reported()
    {
        var problems = Problems(Express() with { ServiceArn = ExpressArn.Replace("us-east-1", "us-west-2", StringComparison.Ordinal),
            LoadBalancer = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/x/0123456789abcdef", TargetGroup = null });
        Assert.Contains(problems, p => p.Contains(":ServiceArn: Runtime is EcsExpress", StringComparison.Ordinal)
            && p.Contains("got 'arn:aws:ecs:us-west-2", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Portal:Environments:0:Regions:0:LoadBalancer must be the Express service's load balancer as CloudWatch " +
            "names it (app/<name>/<16 hex digits>", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Portal:Environments:0:Regions:0:TargetGroup must be", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_balancer_dimensions_on_an_app_runner_region_are_reported()
    {
        var problems = Problems(new RegionTopology("us-east-1", AppRunnerArn, "webapp", Check, "us-east-1") { LoadBalancer = LoadBalancer });
        Assert.Contains(problems, p => p.Contains("LoadBalancer and TargetGroup are for ECS Express regions only", StringComparison.Ordinal));
    }

    [Fact]
    public void A_migration_target_needs_its_own_record_and_health_check()
    {
        var appRunner = new RegionTopology("us-east-1", AppRunnerArn, "webapp", Check, "us-east-1");
        Assert.Empty(Problems(appRunner with { Express = new ExpressTarget(ExpressArn, OtherCheck, "us-east-1-ecs-express", LoadBalancer, TargetGroup) }));

        var shared = Problems(appRunner with { Express = new ExpressTarget(ExpressArn, Check, "us-east-2", LoadBalancer, TargetGroup) });
        Assert.Contains(shared, p => p.StartsWith("Portal:Environments:0:Regions:0:Express:HealthCheckId must differ from the App Runner service's",
            StringComparison.Ordinal));
        Assert.Contains(shared, p => p.StartsWith("Portal:Environments:0:Regions:0:Express:SetIdentifier 'us-east-2' is used by another record",
            StringComparison.Ordinal)
            || p.Contains("SetIdentifier 'us-east-2' is used by another", StringComparison.Ordinal));
    }

    [Fact]
    public void An_express_region_cannot_also_have_a_migration_target()
    {
        var problems = Problems(Express() with { Express = new ExpressTarget(ExpressArn, OtherCheck, "x", LoadBalancer, TargetGroup) });
        Assert.Contains(problems, p => p.Contains("Express is only for a region on App Runner", StringComparison.Ordinal));
    }

    [Fact]
    public void A_migration_target_seen_as_a_region_runs_ecs_express_on_its_own_record()
    {
        var appRunner = new RegionTopology("us-east-1", AppRunnerArn, "webapp", Check, "us-east-1");
        var express = new ExpressTarget(ExpressArn, OtherCheck, "us-east-1-ecs-express", LoadBalancer, TargetGroup).AsRegion(appRunner);
        Assert.Equal(RegionRuntime.EcsExpress, express.Runtime);
        Assert.Equal(("us-east-1", "webapp", OtherCheck, "us-east-1-ecs-express", LoadBalancer),
            (express.Region, express.EcrRepository, express.HealthCheckId, express.SetIdentifier, express.LoadBalancer));
    }
}
