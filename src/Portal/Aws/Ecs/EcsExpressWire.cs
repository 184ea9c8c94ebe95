using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.Core.Services;
using static Portal.Aws.WireReader;

namespace Portal.Aws.Ecs;

/// <summary>
/// ECS Express Mode answers (JSON 1.1) read into domain records, and the update that changes only the image; shapes
/// from the ECS API model (DescribeExpressGatewayService, UpdateExpressGatewayService, List/DescribeServiceDeployments).
/// </summary>
public static class EcsExpressWire
{
    /// <summary>ServiceDeploymentStatus values that mean ECS is still changing the service.</summary>
    private static readonly string[] Unfinished = ["PENDING", "IN_PROGRESS", "STOP_REQUESTED", "ROLLBACK_REQUESTED", "ROLLBACK_IN_PROGRESS"];

    /// <summary>A deployment as DescribeServiceDeployments reports it: what the service's status and image follow from.</summary>
    public sealed record Deployment(string Arn, string Status, string? SourceRevision, string? TargetRevision, string? Reason);

    public static JsonElement Service(JsonElement root) => Object(root, "service", "$");

    /// <summary>
    /// The service with its status and image. ECS reports ACTIVE, DRAINING or INACTIVE for the service and the rollout
    /// separately, so an ACTIVE service whose current deployment is unfinished is "operation in progress", and the image
    /// is the revision the load balancer serves: the target after a successful deployment, the source otherwise.
    /// </summary>
    public static ServiceState ParseState(JsonElement service, Deployment? current)
    {
        const string path = "$.service";
        var arn = String(service, "serviceArn", path);
        var code = OptionalObject(service, "status", path) is { } status ? OptionalString(status, "statusCode", path + ".status") : null;
        var state = code switch
        {
            "INACTIVE" => ServiceStatus.Deleted,
            "DRAINING" => ServiceStatus.OperationInProgress,
            _ when current is not null && Unfinished.Contains(current.Status) => ServiceStatus.OperationInProgress,
            "ACTIVE" => ServiceStatus.Running,
            _ => throw new WireFormatException($"{path}.status.statusCode has the unknown value '{code}'."),
        };
        var serving = current is null ? null : current.Status == "SUCCESSFUL" ? current.TargetRevision : current.SourceRevision;
        var configuration = ActiveConfiguration(service, serving);
        string? image = null, url = null;
        if (configuration is { } c)
        {
            image = String(Object(c, "primaryContainer", path + ".activeConfigurations[]"), "image", path + ".activeConfigurations[].primaryContainer");
            url = Array(c, "ingressPaths", path + ".activeConfigurations[]")
                .Select(p => OptionalString(p, "endpoint", path + ".activeConfigurations[].ingressPaths[]"))
                .FirstOrDefault(e => !string.IsNullOrEmpty(e));
        }
        var name = OptionalString(service, "serviceName", path) ?? arn[(arn.LastIndexOf('/') + 1)..];
        return new ServiceState(arn, name, name, state, image, HostOf(url), OptionalTimestamp(service, "updatedAt", path));
    }

    /// <summary>The active configuration of <paramref name="revision"/>, else the first one (a service mid-creation may list none).</summary>
    public static JsonElement? ActiveConfiguration(JsonElement service, string? revision)
    {
        var configurations = Array(service, "activeConfigurations", "$.service").ToList();
        return configurations.Cast<JsonElement?>().FirstOrDefault(c => revision is not null
            && OptionalString(c!.Value, "serviceRevisionArn", "$.service.activeConfigurations[]") == revision)
            ?? configurations.Cast<JsonElement?>().FirstOrDefault();
    }

    /// <summary>The Express endpoint as a host name, as the portal keeps App Runner's (the probe adds the scheme).</summary>
    private static string? HostOf(string? endpoint)
    {
        if (string.IsNullOrEmpty(endpoint)) return null;
        var scheme = endpoint.IndexOf("://", StringComparison.Ordinal);
        return (scheme >= 0 ? endpoint[(scheme + 3)..] : endpoint).TrimEnd('/');
    }

    public static IReadOnlyList<Deployment> ParseDeployments(JsonElement root)
    {
        var list = new List<Deployment>();
        var index = 0;
        foreach (var d in Array(root, "serviceDeployments", "$"))
        {
            var path = $"$.serviceDeployments[{index++}]";
            var source = Array(d, "sourceServiceRevisions", path).Select(r => OptionalString(r, "arn", path + ".sourceServiceRevisions[]")).FirstOrDefault();
            var target = OptionalObject(d, "targetServiceRevision", path) is { } t ? OptionalString(t, "arn", path + ".targetServiceRevision") : null;
            list.Add(new Deployment(String(d, "serviceDeploymentArn", path), String(d, "status", path), source, target,
                OptionalString(d, "statusReason", path)));
        }
        return list;
    }

    /// <summary>ListServiceDeployments' briefs as the domain's operations, newest first.</summary>
    public static IReadOnlyList<ServiceOperation> ParseOperations(JsonElement root)
    {
        var items = new List<ServiceOperation>();
        var index = 0;
        foreach (var d in Array(root, "serviceDeployments", "$"))
        {
            var path = $"$.serviceDeployments[{index++}]";
            var status = OptionalString(d, "status", path);
            // The model makes every member optional; a brief without a status says nothing to wait on.
            if (status is null) continue;
            items.Add(new ServiceOperation(
                OptionalString(d, "serviceDeploymentArn", path),
                OperationType.UpdateService,
                ToOperationStatus(status, path),
                OptionalTimestamp(d, "startedAt", path),
                OptionalTimestamp(d, "finishedAt", path),
                OptionalTimestamp(d, "createdAt", path),
                OptionalString(d, "statusReason", path)));
        }
        return [.. items.OrderByDescending(o => o.UpdatedAt)];
    }

    /// <summary>ServiceDeploymentStatus in the domain's terms; STOPPED (a newer deployment replaced it) counts as failed.</summary>
    public static OperationStatus ToOperationStatus(string status, string path) => status switch
    {
        "PENDING" => OperationStatus.Pending,
        "IN_PROGRESS" or "STOP_REQUESTED" => OperationStatus.InProgress,
        "SUCCESSFUL" => OperationStatus.Succeeded,
        "STOPPED" => OperationStatus.Failed,
        "ROLLBACK_REQUESTED" or "ROLLBACK_IN_PROGRESS" => OperationStatus.RollbackInProgress,
        "ROLLBACK_SUCCESSFUL" => OperationStatus.RollbackSucceeded,
        "ROLLBACK_FAILED" => OperationStatus.RollbackFailed,
        _ => throw new WireFormatException($"{path}.status has the unknown value '{status}'."),
    };

    /// <summary>
    /// UpdateExpressGatewayService's input: the serving configuration sent back whole (primary container, roles, size,
    /// health check path, scaling, network) with only the image changed, so nothing the service runs with is reset.
    /// </summary>
    public static (JsonObject Input, KeptConfiguration Kept) UpdateWithImage(JsonElement service, Deployment? current, string image)
    {
        var serving = current is null ? null : current.Status == "SUCCESSFUL" ? current.TargetRevision : current.SourceRevision;
        var configuration = ActiveConfiguration(service, serving)
            ?? throw new WireFormatException("$.service.activeConfigurations is empty: there is no configuration to keep.");
        const string path = "$.service.activeConfigurations[]";
        var container = JsonNode.Parse(Object(configuration, "primaryContainer", path).GetRawText())!.AsObject();
        container["image"] = image;
        var input = new JsonObject { ["serviceArn"] = String(service, "serviceArn", "$.service"), ["primaryContainer"] = container };
        foreach (var member in new[] { "executionRoleArn", "taskRoleArn", "cpu", "memory", "healthCheckPath", "scalingTarget", "networkConfiguration" })
            if (configuration.TryGetProperty(member, out var value) && value.ValueKind != JsonValueKind.Null)
                input[member] = JsonNode.Parse(value.GetRawText());

        var names = (string member) => Array(Object(configuration, "primaryContainer", path), member, path + ".primaryContainer")
            .Select(e => OptionalString(e, "name", path + ".primaryContainer." + member) ?? "").ToList();
        var kept = new KeptConfiguration(
            container["containerPort"]?.ToJsonString(),
            names("environment"),
            names("secrets"),
            container["command"] is JsonArray { Count: > 0 },
            configuration.TryGetProperty("executionRoleArn", out var role) && role.ValueKind == JsonValueKind.String,
            null);
        return (input, kept);
    }

    /// <summary>UpdateExpressGatewayService's answer: the new revision, when the answer names it (the model makes it optional).</summary>
    public static string? ParseNewRevision(JsonElement root) =>
        OptionalObject(root, "service", "$") is { } service && OptionalObject(service, "targetConfiguration", "$.service") is { } target
            ? OptionalString(target, "serviceRevisionArn", "$.service.targetConfiguration")
            : null;

    /// <summary>DescribeExpressGatewayService's currentDeployment (optional in the model).</summary>
    public static string? CurrentDeploymentArn(JsonElement service) => OptionalString(service, "currentDeployment", "$.service");
}
