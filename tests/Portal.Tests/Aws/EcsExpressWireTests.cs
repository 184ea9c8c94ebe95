using System.Text.Json;
using Portal.Aws;
using Portal.Aws.Ecs;
using Portal.Core.Services;

namespace Portal.Tests.Aws;

/// <summary>ECS Express answers as the ECS API model shapes them, read into the domain's service state and operations.</summary>
public sealed class EcsExpressWireTests
{
    private const string Source = "arn:aws:ecs:us-east-1:123456789012:service-revision/default/webapp/111";
    private const string Target = "arn:aws:ecs:us-east-1:123456789012:service-revision/default/webapp/222";

    // DescribeExpressGatewayService mid-rollout: the serving revision and the target, with everything the model allows.
    private static JsonElement Service(string status = "ACTIVE") => JsonDocument.Parse($$$"""
        {"service": {
          "cluster": "arn:aws:ecs:us-east-1:123456789012:cluster/default", "serviceName": "webapp",
          "serviceArn": "arn:aws:ecs:us-east-1:123456789012:service/default/webapp",
          "status": {"statusCode": "{{{status}}}"}, "currentDeployment": "arn:aws:ecs:us-east-1:123456789012:service-deployment/default/webapp/d1",
          "activeConfigurations": [
            {"serviceRevisionArn": "{{{Source}}}",
             "executionRoleArn": "arn:aws:iam::123456789012:role/exec", "taskRoleArn": "arn:aws:iam::123456789012:role/task",
             "cpu": "512", "memory": "1024", "healthCheckPath": "/health",
             "networkConfiguration": {"securityGroups": ["sg-1"], "subnets": ["subnet-1", "subnet-2"]},
             "primaryContainer": {"image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/webapp:v1", "containerPort": 3000,
               "awsLogsConfiguration": {"logGroup": "/ecs/webapp", "logStreamPrefix": "web"},
               "command": ["node", "server.js"],
               "environment": [{"name": "NODE_ENV", "value": "production"}, {"name": "TABLE_NAME", "value": "t"}],
               "secrets": [{"name": "DATABASE_PASSWORD", "valueFrom": "arn:aws:secretsmanager:us-east-1:123456789012:secret:db"}]},
             "scalingTarget": {"minTaskCount": 2, "maxTaskCount": 10, "autoScalingMetric": "AVERAGE_CPU", "autoScalingTargetValue": 60},
             "ingressPaths": [{"accessType": "PUBLIC", "endpoint": "https://we-abc.ecs.us-east-1.on.aws"}], "createdAt": 1764800000.5},
            {"serviceRevisionArn": "{{{Target}}}", "primaryContainer": {"image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/webapp:v2"},
             "ingressPaths": [{"accessType": "PUBLIC", "endpoint": "https://we-abc.ecs.us-east-1.on.aws"}]}
          ],
          "createdAt": 1764000000, "updatedAt": 1764800000}}
        """).RootElement.GetProperty("service");

    private static EcsExpressWire.Deployment Deployment(string status)
        => new("d1", status, Source, Target, status.StartsWith("ROLLBACK", StringComparison.Ordinal) ? "circuit breaker" : null);

    [Theory]
    [InlineData("IN_PROGRESS", ServiceStatus.OperationInProgress, "v1")]
    [InlineData("ROLLBACK_IN_PROGRESS", ServiceStatus.OperationInProgress, "v1")]
    [InlineData("SUCCESSFUL", ServiceStatus.Running, "v2")]
    [InlineData("ROLLBACK_SUCCESSFUL", ServiceStatus.Running, "v1")]
    public void The_status_and_image_follow_the_current_deployment(string deployment, ServiceStatus status, string tag)
    {
        var state = EcsExpressWire.ParseState(Service(), Deployment(deployment));
        Assert.Equal((status, tag), (state.Status, state.ImageTag));
        Assert.Equal("we-abc.ecs.us-east-1.on.aws", state.Url);
    }

    [Theory]
    [InlineData("DRAINING", ServiceStatus.OperationInProgress)]
    [InlineData("INACTIVE", ServiceStatus.Deleted)]
    public void A_draining_or_inactive_service_is_not_running(string code, ServiceStatus status) =>
        Assert.Equal(status, EcsExpressWire.ParseState(Service(code), null).Status);

    [Fact]
    public void An_unknown_status_code_is_an_error_naming_the_field() =>
        Assert.Contains("$.service.status.statusCode has the unknown value 'PAUSED'",
            Assert.Throws<WireFormatException>(() => EcsExpressWire.ParseState(Service("PAUSED"), null)).Message);

    [Fact]
    public void The_update_sends_the_serving_configuration_back_whole_with_only_the_image_changed()
    {
        var (input, kept) = EcsExpressWire.UpdateWithImage(Service(), Deployment("SUCCESSFUL") with { TargetRevision = Source },
            "123456789012.dkr.ecr.us-east-1.amazonaws.com/webapp:v3");

        var container = input["primaryContainer"]!;
        Assert.Equal("123456789012.dkr.ecr.us-east-1.amazonaws.com/webapp:v3", (string)container["image"]!);
        Assert.Equal(3000, (int)container["containerPort"]!);
        Assert.Equal("""["node","server.js"]""", container["command"]!.ToJsonString());
        Assert.Equal("/ecs/webapp", (string)container["awsLogsConfiguration"]!["logGroup"]!);
        Assert.Equal(2, container["environment"]!.AsArray().Count);
        Assert.Equal("arn:aws:secretsmanager:us-east-1:123456789012:secret:db", (string)container["secrets"]![0]!["valueFrom"]!);
        foreach (var member in new[] { "executionRoleArn", "taskRoleArn", "cpu", "memory", "healthCheckPath", "scalingTarget", "networkConfiguration" })
            Assert.NotNull(input[member]);
        // Read-only members of the answer are not sent.
        Assert.Null(input["serviceRevisionArn"]);
        Assert.Null(input["ingressPaths"]);
        Assert.Equal("kept: port 3000, 2 variables, 1 secret, start command, access role", kept.Summary);
    }

    [Fact]
    public void Service_deployments_become_operations_newest_first_with_the_rollback_reason()
    {
        var root = JsonDocument.Parse("""
            {"serviceDeployments": [
              {"serviceDeploymentArn": "old", "status": "SUCCESSFUL", "createdAt": 1764000000},
              {"serviceDeploymentArn": "new", "status": "ROLLBACK_SUCCESSFUL", "statusReason": "tasks failed the health check", "createdAt": 1764800000},
              {"serviceDeploymentArn": "odd"}
            ]}
            """).RootElement;
        var operations = EcsExpressWire.ParseOperations(root);
        Assert.Equal(["new", "old"], operations.Select(o => o.Id));
        Assert.Equal((OperationStatus.RollbackSucceeded, "tasks failed the health check"), (operations[0].Status, operations[0].Reason));
    }
}
