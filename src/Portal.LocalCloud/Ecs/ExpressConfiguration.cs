using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.LocalCloud.Protocol;
using Portal.LocalCloud.World;

namespace Portal.LocalCloud.Ecs;

/// <summary>
/// An Express service revision on the wire (ExpressGatewayServiceConfiguration), and the next revision
/// an UpdateExpressGatewayService request makes: each member it omits keeps the active configuration's
/// value, as the ECS API reference documents for updates.
/// </summary>
public static class ExpressConfiguration
{
    public const string Invalid = "InvalidParameterException";

    // Fargate task CPU units (ECS developer guide, "Task size").
    private static readonly string[] CpuValues = ["256", "512", "1024", "2048", "4096", "8192", "16384"];
    private static readonly string[] ScalingMetrics = ["AVERAGE_CPU", "AVERAGE_MEMORY", "REQUEST_COUNT_PER_TARGET"];

    // Members of the model LocalCloud does not simulate: refused by name rather than silently dropped.
    private static readonly string[] UnmodelledContainerMembers = ["awsLogsConfiguration", "repositoryCredentials", "command", "environment", "secrets"];

    public static JsonObject ToJson(ExpressGatewayService service, ExpressRevision r) => new()
    {
        ["serviceRevisionArn"] = r.Arn,
        ["executionRoleArn"] = r.ExecutionRoleArn,
        ["taskRoleArn"] = r.TaskRoleArn,
        ["cpu"] = r.Cpu,
        ["memory"] = r.Memory,
        ["healthCheckPath"] = r.HealthCheckPath,
        ["primaryContainer"] = new JsonObject { ["image"] = r.Image, ["containerPort"] = r.ContainerPort },
        ["scalingTarget"] = new JsonObject
        {
            ["minTaskCount"] = r.MinTaskCount,
            ["maxTaskCount"] = r.MaxTaskCount,
            ["autoScalingMetric"] = r.AutoScalingMetric,
            ["autoScalingTargetValue"] = r.AutoScalingTargetValue,
        },
        ["ingressPaths"] = new JsonArray(new JsonObject { ["accessType"] = "PUBLIC", ["endpoint"] = service.Endpoint }),
        ["createdAt"] = Json.Epoch(r.CreatedAt),
    };

    /// <summary>The revision an update asks for; throws InvalidParameterException naming the member at fault.</summary>
    public static ExpressRevision NextRevision(ExpressGatewayService service, JsonElement input, DateTimeOffset now)
    {
        if (input.TryGetProperty("networkConfiguration", out var network) && network.ValueKind != JsonValueKind.Null)
            throw new AwsError(Invalid, "networkConfiguration: LocalCloud simulates the default VPC only and does not accept network changes.");

        var current = service.CurrentRevision;
        var image = current.Image;
        var port = current.ContainerPort;
        if (input.TryGetProperty("primaryContainer", out var container) && container.ValueKind != JsonValueKind.Null)
        {
            if (container.ValueKind != JsonValueKind.Object) throw new AwsError(Invalid, "primaryContainer must be an object.");
            image = Json.RequiredString(container, "image", Invalid);
            if (string.IsNullOrWhiteSpace(image)) throw new AwsError(Invalid, "primaryContainer.image must not be empty.");
            port = Json.OptionalInt(container, "containerPort", Invalid) ?? port;
            if (port is < 1 or > 65535) throw new AwsError(Invalid, $"primaryContainer.containerPort must be 1-65535 (got {port}).");
            foreach (var member in UnmodelledContainerMembers)
                if (container.TryGetProperty(member, out _))
                    throw new AwsError(Invalid, $"primaryContainer.{member}: LocalCloud does not simulate this member; send image and containerPort only.");
        }

        var cpu = Json.OptionalString(input, "cpu", Invalid) ?? current.Cpu;
        if (!CpuValues.Contains(cpu)) throw new AwsError(Invalid, $"cpu must be one of {string.Join(", ", CpuValues)} (got '{cpu}').");
        var memory = Json.OptionalString(input, "memory", Invalid) ?? current.Memory;
        if (!int.TryParse(memory, out var mib) || mib < 512) throw new AwsError(Invalid, $"memory must be a number of MiB, at least 512 (got '{memory}').");
        var healthCheckPath = Json.OptionalString(input, "healthCheckPath", Invalid) ?? current.HealthCheckPath;
        if (!healthCheckPath.StartsWith('/')) throw new AwsError(Invalid, $"healthCheckPath must start with '/' (got '{healthCheckPath}').");
        var executionRole = RoleArn(input, "executionRoleArn") ?? current.ExecutionRoleArn;
        var taskRole = RoleArn(input, "taskRoleArn") ?? current.TaskRoleArn;

        var (min, max, metric, target) = (current.MinTaskCount, current.MaxTaskCount, current.AutoScalingMetric, current.AutoScalingTargetValue);
        if (input.TryGetProperty("scalingTarget", out var scaling) && scaling.ValueKind != JsonValueKind.Null)
        {
            min = Json.OptionalInt(scaling, "minTaskCount", Invalid) ?? min;
            max = Json.OptionalInt(scaling, "maxTaskCount", Invalid) ?? max;
            metric = Json.OptionalString(scaling, "autoScalingMetric", Invalid) ?? metric;
            target = Json.OptionalInt(scaling, "autoScalingTargetValue", Invalid) ?? target;
            if (min < 1 || max < min) throw new AwsError(Invalid, $"scalingTarget: minTaskCount must be at least 1 and maxTaskCount at least minTaskCount " +
                $"(got {min} and {max}).");
            if (!ScalingMetrics.Contains(metric)) throw new AwsError(Invalid,
                $"scalingTarget.autoScalingMetric must be one of {string.Join(", ", ScalingMetrics)} (got '{metric}').");
            if (target < 1) throw new AwsError(Invalid, $"scalingTarget.autoScalingTargetValue must be at least 1 (got {target}).");
        }

        var arn = $"arn:aws:ecs:{service.Region}:{service.AccountId}:service-revision/{ExpressGatewayService.Cluster}/{service.Name}/" +
            $"{now.ToUnixTimeMilliseconds()}{Random.Shared.Next(1000, 9999)}";
        return new ExpressRevision(arn, image, port, cpu, memory, healthCheckPath, executionRole, taskRole, min, max, metric, target, now);
    }

    private static string? RoleArn(JsonElement input, string member)
    {
        var value = Json.OptionalString(input, member, Invalid);
        if (value is not null && !value.StartsWith("arn:aws:iam::", StringComparison.Ordinal))
            throw new AwsError(Invalid, $"{member} must be an IAM role ARN (arn:aws:iam::<account>:role/<name>), got '{value}'.");
        return value;
    }
}
