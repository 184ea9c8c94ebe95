using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.LocalCloud.Ecs;
using Portal.LocalCloud.World;
using static Portal.LocalCloud.Tests.CloudWatch.CloudWatchCli;

namespace Portal.LocalCloud.Tests.Ecs;

/// <summary>ECS Express services behind their simulated load balancer: seeding, real HTTP, deployments and metrics.</summary>
public sealed class ExpressSimulationTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private LocalCloudHost _cloud = null!;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public async Task InitializeAsync() =>
        _cloud = await LocalCloudHost.StartAsync(
            new LocalCloudOptions { Port = 0, TimeScale = TestCloud.FastScale, TrafficRatePerSecond = 0, Runtime = "us-east-2=Migrating" },
            NullLoggerFactory.Instance);

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _cloud.DisposeAsync();
    }

    private ExpressGatewayService Express(string environment)
    {
        lock (_cloud.World.Gate) return _cloud.World.ExpressServices.Single(s => s.Environment == environment);
    }

    private async Task<string> ServedImage(ExpressGatewayService service)
    {
        using var response = await _http.GetAsync($"{service.Endpoint}/health");
        return response.Headers.GetValues("x-localcloud-image").Single();
    }

    private ExpressDeployment Deploy(ExpressGatewayService service, string tag)
    {
        var runner = _cloud.Services.GetRequiredService<ExpressDeploymentRunner>();
        lock (_cloud.World.Gate)
        {
            var current = service.CurrentRevision;
            var image = current.Image[..current.Image.LastIndexOf(':')] + ":" + tag;
            return runner.Start(service, current with { Arn = current.Arn + "-" + tag, Image = image, CreatedAt = _cloud.Clock.Now });
        }
    }

    private string StatusOf(ExpressDeployment deployment)
    {
        lock (_cloud.World.Gate) return deployment.Status;
    }

    [Fact]
    public async Task The_default_seed_has_no_express_services_or_records()
    {
        await using var plain = await TestCloud.StartAsync();
        lock (plain.World.Gate)
        {
            Assert.Empty(plain.World.ExpressServices);
            Assert.DoesNotContain(plain.World.HostedZones.SelectMany(z => z.Records), r => r.SetIdentifier!.EndsWith("-ecs-express", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("us-west-9=EcsExpress", "names region 'us-west-9'")]
    [InlineData("us-east-2=Fargate", "must be AppRunner, EcsExpress or Migrating (got 'Fargate')")]
    [InlineData("us-east-2", "must be AppRunner, EcsExpress or Migrating (got '')")]
    [InlineData("us-east-2=EcsExpress,us-east-2=AppRunner", "more than once")]
    public void Runtime_option_errors_name_the_setting_and_what_is_allowed(string runtime, string expected)
    {
        var errors = new LocalCloudOptions { Runtime = runtime }.Validate();
        Assert.Contains(errors, e => e.StartsWith("LocalCloud:Runtime", StringComparison.Ordinal) && e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_express_served_region_gives_the_express_record_the_region_weight_and_app_runner_zero()
    {
        await using var served = await LocalCloudHost.StartAsync(new LocalCloudOptions { Port = 0, TimeScale = TestCloud.FastScale, TrafficRatePerSecond = 0,
            Runtime = "us-east-1=EcsExpress" }, NullLoggerFactory.Instance);
        lock (served.World.Gate)
        {
            var records = served.World.HostedZones.SelectMany(z => z.Records).Where(r => r.Name == "app.example.com.")
                .ToDictionary(r => r.SetIdentifier!, r => r.Weight);
            Assert.Equal(128, records["us-east-1-ecs-express"]);
            Assert.Equal(0, records["us-east-1"]);
            Assert.Equal(128, records["us-east-2"]);
            var seeded = served.World.Environments.Single(e => e.Name == "production").Regions.Single(r => r.Region == "us-east-1");
            Assert.True(seeded.Express!.Serves);
            Assert.StartsWith("app/webapp-production/", seeded.Express.LoadBalancer, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_express_region_gets_a_service_per_environment_beside_app_runner_behind_its_own_record_at_weight_zero()
    {
        lock (_cloud.World.Gate)
        {
            Assert.Equal(["webapp-production", "webapp-staging"], _cloud.World.ExpressServices.Select(s => s.Name).Order());
            Assert.All(_cloud.World.ExpressServices, s =>
            {
                Assert.Equal("us-east-2", s.Region);
                Assert.Equal($"arn:aws:ecs:us-east-2:000000000000:service/default/{s.Name}", s.Arn);
                var appRunner = _cloud.World.Services.Single(a => a.Region == "us-east-2" && a.Environment == s.Environment);
                Assert.Equal(appRunner.ImageIdentifier, s.CurrentRevision.Image);
                var record = _cloud.World.HostedZones.SelectMany(z => z.Records)
                    .Single(r => r.SetIdentifier == "us-east-2-ecs-express" && r.HealthCheckId == s.HealthCheckId);
                Assert.Equal(0, record.Weight);
                Assert.Equal([$"127.0.0.1:{s.Port}"], record.Values);
                Assert.Equal(s.Port, _cloud.World.HealthChecks.Single(c => c.Id == s.HealthCheckId).Port);
            });
        }
    }

    [Fact]
    public async Task Route_53_checkers_probe_the_load_balancer_endpoint_and_find_it_healthy()
    {
        var service = Express("production");
        HealthCheck check;
        lock (_cloud.World.Gate) check = _cloud.World.HealthChecks.Single(c => c.Id == service.HealthCheckId);
        Assert.True(await TestCloud.Eventually(() => { lock (_cloud.World.Gate) return check.Checkers.Count > 0
            && check.Checkers.All(c => c.LastStatus.Contains("200")); }, Patience));
        lock (_cloud.World.Gate) Assert.True(check.IsHealthy);
    }

    [Fact]
    public async Task Endpoint_serves_real_requests_and_the_alb_metrics_count_them()
    {
        // Route 53's checkers probe the same load balancer, and the ALB counts their requests too.
        var service = Express("production");
        var before = StoreValue(_cloud, ExpressEndpoint.Key(service, "RequestCount"), "Sum");
        for (var i = 0; i < 7; i++) Assert.Contains("\"region\":\"us-east-2\"", await _http.GetStringAsync($"{service.Endpoint}/api/items"));

        var requests = StoreValue(_cloud, ExpressEndpoint.Key(service, "RequestCount"), "Sum");
        Assert.True(requests >= before + 7, $"RequestCount went from {before} to {requests}");
        Assert.True(StoreValue(_cloud, ExpressEndpoint.Key(service, "HTTPCode_Target_2XX_Count"), "Sum") >= 7);
        Assert.Equal(0, StoreValue(_cloud, ExpressEndpoint.Key(service, "HTTPCode_Target_5XX_Count"), "Sum"));
        Assert.True(StoreValue(_cloud, ExpressEndpoint.Key(service, "TargetResponseTime"), "SampleCount") >= 7);
        Assert.InRange(StoreValue(_cloud, ExpressEndpoint.Key(service, "TargetResponseTime"), "Average"), 0.000_001, 10);
    }

    [Fact]
    public async Task A_broken_revision_serving_traffic_shows_in_the_target_5xx_count()
    {
        var service = Express("staging");
        lock (_cloud.World.Gate)
        {
            var broken = service.CurrentRevision with { Arn = service.CurrentRevision.Arn + "-broken",
                Image = service.CurrentRevision.Image.Replace(":v1", ":v3-broken") };
            service.Revisions.Add(broken);
            service.CurrentRevisionArn = broken.Arn;
        }
        for (var i = 0; i < 5; i++)
        {
            using var response = await _http.GetAsync($"{service.Endpoint}/api/items");
            Assert.Equal(502, (int)response.StatusCode);
        }
        Assert.True(StoreValue(_cloud, ExpressEndpoint.Key(service, "HTTPCode_Target_5XX_Count"), "Sum") >= 5);
    }

    [Fact]
    public async Task The_ecs_sampler_reports_cpu_and_memory_utilization_per_service()
    {
        var service = Express("staging");
        Assert.True(await TestCloud.Eventually(() =>
            StoreValue(_cloud, ExpressMetricsSampler.Key(service, "CPUUtilization"), "SampleCount") > 0
            && StoreValue(_cloud, ExpressMetricsSampler.Key(service, "MemoryUtilization"), "SampleCount") > 0, Patience));
        Assert.InRange(StoreValue(_cloud, ExpressMetricsSampler.Key(service, "CPUUtilization"), "Maximum"), 0.5, 100);
    }

    [Fact]
    public async Task A_deployment_keeps_the_old_image_serving_until_it_succeeds_then_serves_the_new_one()
    {
        var service = Express("production");
        var deployment = Deploy(service, "v2");

        Assert.EndsWith(":v1", await ServedImage(service));
        Assert.True(await TestCloud.Eventually(() => StatusOf(deployment) == DeploymentStatus.Successful, Patience), StatusOf(deployment));
        Assert.EndsWith(":v2", await ServedImage(service));
    }

    [Theory]
    [InlineData("v3-broken", "failed the load balancer health check")]
    [InlineData("v9-never-pushed", "CannotPullContainerError")]
    public async Task A_revision_that_fails_its_health_check_or_pull_rolls_back_and_the_old_image_keeps_serving(string tag, string reason)
    {
        var service = Express("production");
        var deployment = Deploy(service, tag);

        Assert.True(await TestCloud.Eventually(() => StatusOf(deployment) == DeploymentStatus.RollbackSuccessful, Patience), StatusOf(deployment));
        lock (_cloud.World.Gate)
        {
            Assert.Contains(reason, deployment.StatusReason);
            Assert.NotNull(deployment.RollbackStartedAt);
        }
        Assert.EndsWith(":v1", await ServedImage(service));
    }

    [Fact]
    public async Task A_newer_deployment_stops_an_unfinished_one()
    {
        var service = Express("staging");
        var first = Deploy(service, "v3-broken");
        var second = Deploy(service, "v2");

        Assert.Equal(DeploymentStatus.Stopped, StatusOf(first));
        Assert.True(await TestCloud.Eventually(() => StatusOf(second) == DeploymentStatus.Successful, Patience), StatusOf(second));
        Assert.Equal(DeploymentStatus.Stopped, StatusOf(first));
        Assert.EndsWith(":v2", await ServedImage(service));
    }

    [Fact]
    public void Tasks_follow_the_load_within_the_scaling_target()
    {
        var service = Express("production");
        lock (_cloud.World.Gate)
        {
            var revision = service.CurrentRevision;
            Assert.Equal(revision.MinTaskCount, service.TasksFor(0, revision));
            Assert.Equal(3, service.TasksFor(120, revision));
            Assert.Equal(revision.MaxTaskCount, service.TasksFor(100_000, revision));
        }
    }
}
