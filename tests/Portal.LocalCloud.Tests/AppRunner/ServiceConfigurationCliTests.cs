using System.Text.Json;
using Portal.LocalCloud.World;

namespace Portal.LocalCloud.Tests.AppRunner;

/// <summary>
/// A service's configuration as App Runner keeps it: DescribeService returns all of it, and UpdateService replaces an
/// included structure whole (omitted members take App Runner's defaults), as the API reference documents.
/// </summary>
public sealed class ServiceConfigurationCliTests : IAsyncLifetime
{
    private const string AccessRole = "arn:aws:iam::000000000000:role/service-role/AppRunnerECRAccessRole";
    private LocalCloudHost _cloud = null!;

    public async Task InitializeAsync() => _cloud = await TestCloud.StartAsync();

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    private AppRunnerService Service(string env, string region)
    {
        lock (_cloud.World.Gate) return _cloud.World.Services.Single(s => s.Environment == env && s.Region == region);
    }

    private async Task<JsonElement> DescribeAsync(AppRunnerService service)
    {
        var result = await AwsCli.RunAsync(_cloud, service.Region, "apprunner", "describe-service", "--service-arn", service.Arn);
        Assert.True(result.ExitCode == 0, result.Stderr);
        return result.Json.GetProperty("Service");
    }

    private async Task<AwsCliResult> UpdateAsync(AppRunnerService service, object source) =>
        await AwsCli.RunAsync(_cloud, service.Region, "apprunner", "update-service", "--service-arn", service.Arn, "--source-configuration",
            JsonSerializer.Serialize(source));

    private async Task WaitUntilRunningAsync(AppRunnerService service) =>
        Assert.True(await TestCloud.Eventually(() => { lock (_cloud.World.Gate) return service.Status == ServiceStatus.Running; }, TimeSpan.FromSeconds(30)));

    [Fact]
    public async Task Describe_service_returns_the_seeded_non_default_configuration()
    {
        var s = await DescribeAsync(Service("production", "us-east-1"));

        var source = s.GetProperty("SourceConfiguration");
        var image = source.GetProperty("ImageRepository").GetProperty("ImageConfiguration");
        Assert.Equal("3000", image.GetProperty("Port").GetString());
        Assert.Equal(["APP_ENV", "LOG_LEVEL", "NODE_ENV", "TABLE_NAME"], image.GetProperty("RuntimeEnvironmentVariables").EnumerateObject().Select(p => p.Name)
            .Order());
        Assert.Equal("production", image.GetProperty("RuntimeEnvironmentVariables").GetProperty("APP_ENV").GetString());
        var secret = Assert.Single(image.GetProperty("RuntimeEnvironmentSecrets").EnumerateObject());
        Assert.Equal("DATABASE_PASSWORD", secret.Name);
        Assert.StartsWith("arn:aws:secretsmanager:us-east-1:000000000000:secret:", secret.Value.GetString());
        Assert.Equal("node server.js", image.GetProperty("StartCommand").GetString());
        Assert.Equal("ECR", source.GetProperty("ImageRepository").GetProperty("ImageRepositoryType").GetString());
        Assert.Equal(AccessRole, source.GetProperty("AuthenticationConfiguration").GetProperty("AccessRoleArn").GetString());
        Assert.False(source.GetProperty("AutoDeploymentsEnabled").GetBoolean());

        Assert.Equal("arn:aws:iam::000000000000:role/webapp-production-instance", s.GetProperty("InstanceConfiguration").GetProperty("InstanceRoleArn")
            .GetString());
        var health = s.GetProperty("HealthCheckConfiguration");
        Assert.Equal(("HTTP", "/health", 10), (health.GetProperty("Protocol").GetString(), health.GetProperty("Path").GetString(),
            health.GetProperty("Interval").GetInt32()));
        Assert.Equal("DefaultConfiguration", s.GetProperty("AutoScalingConfigurationSummary").GetProperty("AutoScalingConfigurationName").GetString());
        Assert.Equal("DEFAULT", s.GetProperty("NetworkConfiguration").GetProperty("EgressConfiguration").GetProperty("EgressType").GetString());
        Assert.True(s.GetProperty("NetworkConfiguration").GetProperty("IngressConfiguration").GetProperty("IsPubliclyAccessible").GetBoolean());
    }

    [Fact]
    public async Task Update_service_with_the_whole_source_keeps_the_configuration_and_the_app_healthy()
    {
        var service = Service("staging", "us-east-2");
        var before = await DescribeAsync(service);
        var source = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(before.GetProperty("SourceConfiguration").GetRawText())!;
        var repository = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(source["ImageRepository"].GetRawText())!;
        repository["ImageIdentifier"] = JsonSerializer.SerializeToElement("000000000000.dkr.ecr.us-east-2.amazonaws.com/webapp:v2");
        source["ImageRepository"] = JsonSerializer.SerializeToElement(repository);

        var update = await UpdateAsync(service, source);
        Assert.True(update.ExitCode == 0, update.Stderr);
        await WaitUntilRunningAsync(service);

        var after = await DescribeAsync(service);
        var imageAfter = after.GetProperty("SourceConfiguration").GetProperty("ImageRepository");
        Assert.EndsWith("webapp:v2", imageAfter.GetProperty("ImageIdentifier").GetString());
        Assert.Equal(before.GetProperty("SourceConfiguration").GetProperty("ImageRepository").GetProperty("ImageConfiguration").GetRawText(),
            imageAfter.GetProperty("ImageConfiguration").GetRawText());
        using var http = new HttpClient();
        Assert.Equal(200, (int)(await http.GetAsync($"http://{service.ServiceUrl}/health")).StatusCode);
    }

    [Fact]
    public async Task The_old_deploy_body_without_an_access_role_is_refused_and_changes_nothing()
    {
        var service = Service("staging", "us-east-1");
        int operationsBefore;
        lock (_cloud.World.Gate) operationsBefore = service.Operations.Count;

        var update = await UpdateAsync(service, new { ImageRepository = new { ImageIdentifier = "000000000000.dkr.ecr.us-east-1.amazonaws.com/webapp:v2",
            ImageRepositoryType = "ECR" } });

        Assert.Equal("InvalidRequestException", update.ErrorCode);
        Assert.Contains("AccessRoleArn is required", update.Stderr);
        lock (_cloud.World.Gate)
        {
            Assert.Equal(operationsBefore, service.Operations.Count);
            Assert.Equal(ServiceStatus.Running, service.Status);
        }
    }

    [Fact]
    public async Task An_update_that_leaves_out_the_image_configuration_resets_it_to_defaults_and_the_region_fails_its_health_check()
    {
        var service = Service("staging", "us-east-1");
        HealthCheck check;
        lock (_cloud.World.Gate) check = _cloud.World.HealthChecks.Single(c => c.ServiceArn == service.Arn);
        Assert.True(await TestCloud.Eventually(() => { lock (_cloud.World.Gate) return check.IsHealthy; }, TimeSpan.FromSeconds(30)));

        var update = await UpdateAsync(service, new
        {
            ImageRepository = new { ImageIdentifier = "000000000000.dkr.ecr.us-east-1.amazonaws.com/webapp:v2", ImageRepositoryType = "ECR" },
            AuthenticationConfiguration = new { AccessRoleArn = AccessRole },
        });
        Assert.True(update.ExitCode == 0, update.Stderr);
        await WaitUntilRunningAsync(service);

        var image = (await DescribeAsync(service)).GetProperty("SourceConfiguration");
        var configuration = image.GetProperty("ImageRepository").GetProperty("ImageConfiguration");
        Assert.Equal("8080", configuration.GetProperty("Port").GetString());
        Assert.False(configuration.TryGetProperty("RuntimeEnvironmentVariables", out _));
        Assert.False(configuration.TryGetProperty("RuntimeEnvironmentSecrets", out _));
        Assert.False(configuration.TryGetProperty("StartCommand", out _));
        // AutoDeploymentsEnabled left out: App Runner's default for a same-account ECR image is true.
        Assert.True(image.GetProperty("AutoDeploymentsEnabled").GetBoolean());

        using var http = new HttpClient();
        var health = await http.GetAsync($"http://{service.ServiceUrl}/health");
        Assert.Equal(502, (int)health.StatusCode);
        Assert.Contains("listens on port 3000 but App Runner routes to port 8080", await health.Content.ReadAsStringAsync());
        Assert.True(await TestCloud.Eventually(() => { lock (_cloud.World.Gate) return !check.IsHealthy; }, TimeSpan.FromSeconds(30)),
            "the Route 53 health check of the wiped region stayed healthy");
    }

    [Fact]
    public async Task A_missing_runtime_variable_fails_the_health_route_naming_it()
    {
        var service = Service("staging", "us-east-2");
        var update = await UpdateAsync(service, new
        {
            ImageRepository = new
            {
                ImageIdentifier = "000000000000.dkr.ecr.us-east-2.amazonaws.com/webapp:v2",
                ImageRepositoryType = "ECR",
                ImageConfiguration = new { Port = "3000", RuntimeEnvironmentVariables = new { APP_ENV = "staging", LOG_LEVEL = "debug",
                    NODE_ENV = "production" } },
            },
            AuthenticationConfiguration = new { AccessRoleArn = AccessRole },
            AutoDeploymentsEnabled = false,
        });
        Assert.True(update.ExitCode == 0, update.Stderr);
        await WaitUntilRunningAsync(service);

        using var http = new HttpClient();
        var health = await http.GetAsync($"http://{service.ServiceUrl}/health");
        Assert.Equal(502, (int)health.StatusCode);
        Assert.Contains("TABLE_NAME, DATABASE_PASSWORD not set", await health.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_runtime_secret_that_is_not_an_arn_is_refused_and_starts_nothing()
    {
        var service = Service("staging", "us-east-1");

        var update = await UpdateAsync(service, new
        {
            ImageRepository = new
            {
                ImageIdentifier = "000000000000.dkr.ecr.us-east-1.amazonaws.com/webapp:v2",
                ImageRepositoryType = "ECR",
                ImageConfiguration = new { Port = "3000", RuntimeEnvironmentSecrets = new { DATABASE_PASSWORD = "hunter2" } },
            },
            AuthenticationConfiguration = new { AccessRoleArn = AccessRole },
        });

        Assert.Equal("InvalidRequestException", update.ErrorCode);
        Assert.Contains("DATABASE_PASSWORD must be the full ARN", update.Stderr);
        Assert.DoesNotContain("hunter2", update.Stderr);
        lock (_cloud.World.Gate) Assert.Equal(ServiceStatus.Running, service.Status);
    }
}
