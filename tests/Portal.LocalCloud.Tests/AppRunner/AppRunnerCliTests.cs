using System.Text.Json;
using Portal.LocalCloud.World;

namespace Portal.LocalCloud.Tests.AppRunner;

/// <summary>App Runner's JSON 1.0 API as Debian's AWS CLI v2 drives it.</summary>
public sealed class AppRunnerCliTests : IAsyncLifetime
{
    private LocalCloudHost _cloud = null!;

    public async Task InitializeAsync() => _cloud = await TestCloud.StartAsync();

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    private AppRunnerService Service(string env, string region)
    {
        lock (_cloud.World.Gate) return _cloud.World.Services.Single(s => s.Environment == env && s.Region == region);
    }

    /// <summary>A private ECR image source with its access role, as UpdateService requires it (image configuration left at defaults).</summary>
    internal static string SourceFor(string image) => JsonSerializer.Serialize(new
    {
        ImageRepository = new { ImageIdentifier = image, ImageRepositoryType = "ECR" },
        AuthenticationConfiguration = new { AccessRoleArn = "arn:aws:iam::000000000000:role/service-role/AppRunnerECRAccessRole" },
    });

    private string StatusOf(AppRunnerService service)
    {
        lock (_cloud.World.Gate) return service.Status;
    }

    [Fact]
    public async Task List_services_returns_the_seeded_services_of_the_signed_region_only()
    {
        var result = await AwsCli.RunAsync(_cloud, "us-east-2", "apprunner", "list-services");

        Assert.Equal(0, result.ExitCode);
        var services = result.Json.GetProperty("ServiceSummaryList").EnumerateArray().ToList();
        Assert.Equal(["webapp-production", "webapp-staging"], services.Select(s => s.GetProperty("ServiceName").GetString()));
        Assert.All(services, s =>
        {
            Assert.StartsWith("arn:aws:apprunner:us-east-2:000000000000:service/", s.GetProperty("ServiceArn").GetString());
            Assert.Equal("RUNNING", s.GetProperty("Status").GetString());
            Assert.Matches(@"^127\.0\.0\.1:\d+$", s.GetProperty("ServiceUrl").GetString());
        });
    }

    [Fact]
    public async Task Describe_service_reports_image_status_and_instance_configuration()
    {
        var service = Service("production", "us-east-1");

        var result = await AwsCli.RunAsync(_cloud, "us-east-1", "apprunner", "describe-service", "--service-arn", service.Arn);

        Assert.Equal(0, result.ExitCode);
        var s = result.Json.GetProperty("Service");
        Assert.Equal(service.Id, s.GetProperty("ServiceId").GetString());
        Assert.Equal("RUNNING", s.GetProperty("Status").GetString());
        Assert.Equal("000000000000.dkr.ecr.us-east-1.amazonaws.com/webapp:v1", s.GetProperty("SourceConfiguration").GetProperty("ImageRepository")
            .GetProperty("ImageIdentifier").GetString());
        Assert.Equal("1024", s.GetProperty("InstanceConfiguration").GetProperty("Cpu").GetString());
        Assert.Equal(JsonValueKind.String, s.GetProperty("CreatedAt").ValueKind);
    }

    [Fact]
    public async Task Describe_service_in_another_region_is_resource_not_found()
    {
        var service = Service("production", "us-east-1");

        var result = await AwsCli.RunAsync(_cloud, "us-east-2", "apprunner", "describe-service", "--service-arn", service.Arn);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal("ResourceNotFoundException", result.ErrorCode);
    }

    [Fact]
    public async Task A_malformed_service_arn_is_an_invalid_request()
    {
        var result = await AwsCli.RunAsync(_cloud, "us-east-1", "apprunner", "describe-service", "--service-arn", "arn:aws:s3:::not-a-service");

        Assert.Equal("InvalidRequestException", result.ErrorCode);
    }

    [Fact]
    public async Task Update_service_deploys_the_new_image_through_an_operation_that_ends_succeeded()
    {
        var service = Service("staging", "us-east-2");
        const string image = "000000000000.dkr.ecr.us-east-2.amazonaws.com/webapp:v2";

        var update = await AwsCli.RunAsync(_cloud, "us-east-2", "apprunner", "update-service", "--service-arn", service.Arn,
            "--source-configuration", SourceFor(image));

        Assert.Equal(0, update.ExitCode);
        var operationId = update.Json.GetProperty("OperationId").GetString();
        Assert.Equal("OPERATION_IN_PROGRESS", update.Json.GetProperty("Service").GetProperty("Status").GetString());
        Assert.True(await TestCloud.Eventually(() => StatusOf(service) == ServiceStatus.Running, TimeSpan.FromSeconds(30)));

        var operations = await AwsCli.RunAsync(_cloud, "us-east-2", "apprunner", "list-operations", "--service-arn", service.Arn);
        var newest = operations.Json.GetProperty("OperationSummaryList")[0];
        Assert.Equal(operationId, newest.GetProperty("Id").GetString());
        Assert.Equal("UPDATE_SERVICE", newest.GetProperty("Type").GetString());
        Assert.Equal("SUCCEEDED", newest.GetProperty("Status").GetString());
        Assert.True(newest.TryGetProperty("EndedAt", out _));
        var described = await AwsCli.RunAsync(_cloud, "us-east-2", "apprunner", "describe-service", "--service-arn", service.Arn);
        Assert.Equal(image, described.Json.GetProperty("Service").GetProperty("SourceConfiguration").GetProperty("ImageRepository")
            .GetProperty("ImageIdentifier").GetString());
    }

    [Fact]
    public async Task Update_service_to_an_image_missing_from_ecr_rolls_back_and_keeps_the_old_image()
    {
        var service = Service("staging", "us-east-1");

        var update = await AwsCli.RunAsync(_cloud, "us-east-1", "apprunner", "update-service", "--service-arn", service.Arn,
            "--source-configuration", SourceFor("000000000000.dkr.ecr.us-east-1.amazonaws.com/webapp:v9"));

        Assert.Equal(0, update.ExitCode);
        Assert.True(await TestCloud.Eventually(() => StatusOf(service) == ServiceStatus.Running, TimeSpan.FromSeconds(30)));
        var operations = await AwsCli.RunAsync(_cloud, "us-east-1", "apprunner", "list-operations", "--service-arn", service.Arn);
        Assert.Equal("ROLLBACK_SUCCEEDED", operations.Json.GetProperty("OperationSummaryList")[0].GetProperty("Status").GetString());
        lock (_cloud.World.Gate) Assert.EndsWith("webapp:v1", service.ImageIdentifier);
    }

    [Fact]
    public async Task A_malformed_image_identifier_is_an_invalid_request_and_starts_nothing()
    {
        var service = Service("staging", "us-east-1");

        var update = await AwsCli.RunAsync(_cloud, "us-east-1", "apprunner", "update-service", "--service-arn", service.Arn,
            "--source-configuration", SourceFor("webapp latest"));

        Assert.Equal("InvalidRequestException", update.ErrorCode);
        Assert.Equal(ServiceStatus.Running, StatusOf(service));
    }

    [Fact]
    public async Task Pause_then_resume_moves_through_the_app_runner_states_and_the_endpoint_answers_503_while_paused()
    {
        var service = Service("staging", "us-east-1");
        using var http = new HttpClient();

        var pause = await AwsCli.RunAsync(_cloud, "us-east-1", "apprunner", "pause-service", "--service-arn", service.Arn);
        Assert.Equal(0, pause.ExitCode);
        Assert.True(await TestCloud.Eventually(() => StatusOf(service) == ServiceStatus.Paused, TimeSpan.FromSeconds(30)));
        Assert.Equal(503, (int)(await http.GetAsync($"http://{service.ServiceUrl}/health")).StatusCode);

        var resume = await AwsCli.RunAsync(_cloud, "us-east-1", "apprunner", "resume-service", "--service-arn", service.Arn);
        Assert.Equal(0, resume.ExitCode);
        Assert.True(await TestCloud.Eventually(() => StatusOf(service) == ServiceStatus.Running, TimeSpan.FromSeconds(30)));
        Assert.Equal(200, (int)(await http.GetAsync($"http://{service.ServiceUrl}/health")).StatusCode);

        var operations = await AwsCli.RunAsync(_cloud, "us-east-1", "apprunner", "list-operations", "--service-arn", service.Arn);
        var types = operations.Json.GetProperty("OperationSummaryList").EnumerateArray().Select(o => o.GetProperty("Type").GetString()).Take(2);
        Assert.Equal(["RESUME_SERVICE", "PAUSE_SERVICE"], types);
    }

    [Fact]
    public async Task Actions_on_a_service_in_the_wrong_state_are_invalid_state_exceptions()
    {
        var service = Service("staging", "us-east-2");

        var resumeRunning = await AwsCli.RunAsync(_cloud, "us-east-2", "apprunner", "resume-service", "--service-arn", service.Arn);
        Assert.Equal("InvalidStateException", resumeRunning.ErrorCode);

        var pause = await AwsCli.RunAsync(_cloud, "us-east-2", "apprunner", "pause-service", "--service-arn", service.Arn);
        Assert.Equal(0, pause.ExitCode);
        var pauseAgain = await AwsCli.RunAsync(_cloud, "us-east-2", "apprunner", "pause-service", "--service-arn", service.Arn);
        Assert.Equal("InvalidStateException", pauseAgain.ErrorCode);
        var deployWhileBusy = await AwsCli.RunAsync(_cloud, "us-east-2", "apprunner", "start-deployment", "--service-arn", service.Arn);
        Assert.Equal("InvalidStateException", deployWhileBusy.ErrorCode);

        Assert.True(await TestCloud.Eventually(() => StatusOf(service) == ServiceStatus.Paused, TimeSpan.FromSeconds(30)));
        var deployPaused = await AwsCli.RunAsync(_cloud, "us-east-2", "apprunner", "update-service", "--service-arn", service.Arn,
            "--source-configuration", SourceFor("000000000000.dkr.ecr.us-east-2.amazonaws.com/webapp:v2"));
        Assert.Equal("InvalidStateException", deployPaused.ErrorCode);
    }

    [Fact]
    public async Task Start_deployment_redeploys_the_configured_image()
    {
        var service = Service("production", "us-east-2");

        var start = await AwsCli.RunAsync(_cloud, "us-east-2", "apprunner", "start-deployment", "--service-arn", service.Arn);

        Assert.Equal(0, start.ExitCode);
        Assert.False(string.IsNullOrEmpty(start.Json.GetProperty("OperationId").GetString()));
        Assert.True(await TestCloud.Eventually(() => StatusOf(service) == ServiceStatus.Running, TimeSpan.FromSeconds(30)));
        lock (_cloud.World.Gate)
        {
            Assert.Equal(OperationType.StartDeployment, service.Operations[0].Type);
            Assert.Equal(OperationStatus.Succeeded, service.Operations[0].Status);
            Assert.EndsWith("webapp:v1", service.ImageIdentifier);
        }
    }

    [Fact]
    public async Task List_operations_pages_with_next_token()
    {
        var service = Service("production", "us-east-1");

        var first = await AwsCli.RunAsync(_cloud, "us-east-1", "apprunner", "list-operations", "--service-arn", service.Arn, "--max-results", "1",
            "--no-paginate");

        Assert.Equal(0, first.ExitCode);
        Assert.Single(first.Json.GetProperty("OperationSummaryList").EnumerateArray());
        var token = first.Json.GetProperty("NextToken").GetString()!;
        var second = await AwsCli.RunAsync(_cloud, "us-east-1", "apprunner", "list-operations", "--service-arn", service.Arn, "--max-results", "1",
            "--next-token", token, "--no-paginate");
        Assert.Equal("CREATE_SERVICE", second.Json.GetProperty("OperationSummaryList")[0].GetProperty("Type").GetString());
    }

    [Fact]
    public async Task Describe_auto_scaling_configuration_gives_the_limits_of_the_configuration_the_service_names()
    {
        var service = Service("production", "us-east-2");
        var described = await AwsCli.RunAsync(_cloud, "us-east-2", "apprunner", "describe-service", "--service-arn", service.Arn);
        var arn = described.Json.GetProperty("Service").GetProperty("AutoScalingConfigurationSummary").GetProperty("AutoScalingConfigurationArn").GetString()!;

        var result = await AwsCli.RunAsync(_cloud, "us-east-2", "apprunner", "describe-auto-scaling-configuration", "--auto-scaling-configuration-arn", arn);

        Assert.Equal(0, result.ExitCode);
        var c = result.Json.GetProperty("AutoScalingConfiguration");
        Assert.Equal(service.AutoScalingConfigurationArn, c.GetProperty("AutoScalingConfigurationArn").GetString());
        Assert.Equal("DefaultConfiguration", c.GetProperty("AutoScalingConfigurationName").GetString());
        Assert.Equal(1, c.GetProperty("AutoScalingConfigurationRevision").GetInt32());
        Assert.Equal("ACTIVE", c.GetProperty("Status").GetString());
        Assert.True(c.GetProperty("Latest").GetBoolean());
        Assert.Equal(service.MaxConcurrency, c.GetProperty("MaxConcurrency").GetInt32());
        Assert.Equal(service.MinSize, c.GetProperty("MinSize").GetInt32());
        Assert.Equal(service.MaxSize, c.GetProperty("MaxSize").GetInt32());
        Assert.Equal(JsonValueKind.String, c.GetProperty("CreatedAt").ValueKind);
    }

    [Fact]
    public async Task Describe_auto_scaling_configuration_of_an_unknown_or_other_region_arn_is_resource_not_found()
    {
        var east1 = Service("production", "us-east-1").AutoScalingConfigurationArn;
        var unknown = "arn:aws:apprunner:us-east-1:000000000000:autoscalingconfiguration/Nope/1/" + new string('0', 32);

        var otherRegion = await AwsCli.RunAsync(_cloud, "us-east-2", "apprunner", "describe-auto-scaling-configuration", "--auto-scaling-configuration-arn",
            east1);
        var missing = await AwsCli.RunAsync(_cloud, "us-east-1", "apprunner", "describe-auto-scaling-configuration", "--auto-scaling-configuration-arn",
            unknown);

        Assert.NotEqual(0, otherRegion.ExitCode);
        Assert.Equal("ResourceNotFoundException", otherRegion.ErrorCode);
        Assert.Equal("ResourceNotFoundException", missing.ErrorCode);
    }

    [Fact]
    public async Task Describe_auto_scaling_configuration_with_a_malformed_arn_is_an_invalid_request()
    {
        var result = await AwsCli.RunAsync(_cloud, "us-east-1", "apprunner", "describe-auto-scaling-configuration", "--auto-scaling-configuration-arn",
            "DefaultConfiguration");

        Assert.Equal("InvalidRequestException", result.ErrorCode);
    }
}
