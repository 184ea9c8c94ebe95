using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.LocalCloud.Protocol;
using Portal.LocalCloud.World;

namespace Portal.LocalCloud.Ecs;

/// <summary>
/// Amazon ECS over JSON 1.1 (X-Amz-Target: AmazonEC2ContainerServiceV20141113.*), the Express Mode slice:
/// DescribeExpressGatewayService, UpdateExpressGatewayService, ListServiceDeployments and
/// DescribeServiceDeployments, with the error codes the ECS API model lists for each.
/// </summary>
public sealed class EcsApi(CloudWorld world, ExpressDeploymentRunner deployments, SimClock clock) : IAwsApi
{
    private const string TargetPrefix = "AmazonEC2ContainerServiceV20141113.";
    private const string Invalid = ExpressConfiguration.Invalid;

    public string SigningName => "ecs";
    public AwsProtocol Protocol => AwsProtocol.Json11;
    public string ThrottlingCode => "ThrottlingException";

    public bool Matches(HttpRequest request) => request.Headers["X-Amz-Target"].ToString().StartsWith(TargetPrefix, StringComparison.Ordinal);

    public Task HandleAsync(ApiRequest request)
    {
        var input = request.Json();
        JsonObject output;
        lock (world.Gate)
        {
            output = request.Operation switch
            {
                "DescribeExpressGatewayService" => DescribeExpressGatewayService(request, input),
                "UpdateExpressGatewayService" => UpdateExpressGatewayService(request, input),
                "ListServiceDeployments" => ListServiceDeployments(request, input),
                "DescribeServiceDeployments" => DescribeServiceDeployments(request, input),
                _ => throw new AwsError("UnknownOperationException", $"Operation {request.Operation} is not supported by LocalCloud's ECS (Express Mode " +
                    $"operations only)."),
            };
        }
        return Json.Write(request.Http, Protocol, output);
    }

    private JsonObject DescribeExpressGatewayService(ApiRequest request, JsonElement input)
    {
        var region = request.Region;
        var includeTags = false;
        if (input.TryGetProperty("include", out var include) && include.ValueKind != JsonValueKind.Null)
        {
            if (include.ValueKind != JsonValueKind.Array) throw new AwsError(Invalid, "include must be a list.");
            foreach (var item in include.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String || item.GetString() != "TAGS")
                    throw new AwsError(Invalid, $"include: the only allowed value is TAGS (got {item.GetRawText()}).");
                includeTags = true;
            }
        }
        var service = FindByArn(request, input, "ResourceNotFoundException");
        var active = new JsonArray(ExpressConfiguration.ToJson(service, service.CurrentRevision));
        if (service.Deployments.FirstOrDefault(d => !DeploymentStatus.IsFinished(d.Status)) is { } rolling)
            active.Add(ExpressConfiguration.ToJson(service, service.Revisions.Single(r => r.Arn == rolling.TargetRevisionArn)));
        var result = new JsonObject
        {
            ["cluster"] = service.ClusterArn,
            ["serviceName"] = service.Name,
            ["serviceArn"] = service.Arn,
            ["infrastructureRoleArn"] = service.InfrastructureRoleArn,
            ["status"] = new JsonObject { ["statusCode"] = service.StatusCode },
            ["currentDeployment"] = service.Deployments.FirstOrDefault()?.Arn,
            ["activeConfigurations"] = active,
            ["createdAt"] = Json.Epoch(service.CreatedAt),
            ["updatedAt"] = Json.Epoch(service.UpdatedAt),
        };
        if (includeTags) result["tags"] = new JsonArray(new JsonObject { ["key"] = "environment", ["value"] = service.Environment });
        return new JsonObject { ["service"] = result };
    }

    private JsonObject UpdateExpressGatewayService(ApiRequest request, JsonElement input)
    {
        var region = request.Region;
        var service = FindByArn(request, input, "ServiceNotFoundException");
        if (service.StatusCode != "ACTIVE")
            throw new AwsError("ServiceNotActiveException", $"Service {service.Arn} is {service.StatusCode}; only an ACTIVE service can be updated.");
        var revision = ExpressConfiguration.NextRevision(service, input, clock.Now);
        deployments.Start(service, revision);
        return new JsonObject
        {
            ["service"] = new JsonObject
            {
                ["serviceArn"] = service.Arn,
                ["cluster"] = service.ClusterArn,
                ["serviceName"] = service.Name,
                ["status"] = new JsonObject { ["statusCode"] = service.StatusCode },
                ["targetConfiguration"] = ExpressConfiguration.ToJson(service, revision),
                ["createdAt"] = Json.Epoch(service.CreatedAt),
                ["updatedAt"] = Json.Epoch(service.UpdatedAt),
            },
        };
    }

    private JsonObject ListServiceDeployments(ApiRequest request, JsonElement input)
    {
        var region = request.Region;
        var cluster = Json.OptionalString(input, "cluster", Invalid);
        if (cluster is not null && cluster != ExpressGatewayService.Cluster
            && cluster != $"arn:aws:ecs:{region}:{request.AccountId}:cluster/{ExpressGatewayService.Cluster}")
            throw new AwsError("ClusterNotFoundException", $"Cluster not found: {cluster}.");
        var name = Json.RequiredString(input, "service", Invalid);
        var service = world.ExpressServices.SingleOrDefault(s => s.Region == region && s.AccountId == request.AccountId && (s.Arn == name || s.Name == name))
            ?? throw new AwsError("ServiceNotFoundException", $"Service not found: {name}.");

        var statuses = StatusFilter(input);
        var (after, before) = CreatedAtFilter(input);
        var max = Json.OptionalInt(input, "maxResults", Invalid) ?? 20;
        if (max is < 1 or > 100) throw new AwsError(Invalid, $"maxResults must be 1-100 (got {max}).");
        var offset = Json.OffsetFromToken(input, "nextToken", Invalid);

        var matching = service.Deployments
            .Where(d => statuses is null || statuses.Contains(d.Status))
            .Where(d => (after is null || d.CreatedAt >= after) && (before is null || d.CreatedAt <= before))
            .ToList();
        var result = new JsonObject
        {
            ["serviceDeployments"] = new JsonArray([.. matching.Skip(offset).Take(max).Select(d =>
            {
                var brief = new JsonObject
                {
                    ["serviceDeploymentArn"] = d.Arn,
                    ["serviceArn"] = service.Arn,
                    ["clusterArn"] = service.ClusterArn,
                    ["createdAt"] = Json.Epoch(d.CreatedAt),
                    ["targetServiceRevisionArn"] = d.TargetRevisionArn,
                    ["status"] = d.Status,
                };
                if (d.StartedAt is { } started) brief["startedAt"] = Json.Epoch(started);
                if (d.FinishedAt is { } finished) brief["finishedAt"] = Json.Epoch(finished);
                if (d.StatusReason is not null) brief["statusReason"] = d.StatusReason;
                return (JsonNode)brief;
            })]),
        };
        if (offset + max < matching.Count) result["nextToken"] = Json.TokenForOffset(offset + max);
        return result;
    }

    private JsonObject DescribeServiceDeployments(ApiRequest request, JsonElement input)
    {
        var region = request.Region;
        if (!input.TryGetProperty("serviceDeploymentArns", out var arns) || arns.ValueKind != JsonValueKind.Array || arns.GetArrayLength() == 0)
            throw new AwsError(Invalid, "serviceDeploymentArns must be a non-empty list of service deployment ARNs.");
        var found = new JsonArray();
        var failures = new JsonArray();
        foreach (var item in arns.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String) throw new AwsError(Invalid, "serviceDeploymentArns must contain strings.");
            var arn = item.GetString()!;
            if (!arn.StartsWith("arn:aws:ecs:", StringComparison.Ordinal) || !arn.Contains(":service-deployment/", StringComparison.Ordinal))
                throw new AwsError(Invalid, $"serviceDeploymentArns: '{arn}' is not a service deployment ARN " +
                    $"(arn:aws:ecs:<region>:<account>:service-deployment/<cluster>/<service>/<id>).");
            var owner = world.ExpressServices.FirstOrDefault(s => s.Region == region && s.AccountId == request.AccountId
                && s.Deployments.Any(d => d.Arn == arn));
            if (owner is null) failures.Add(new JsonObject { ["arn"] = arn, ["reason"] = "MISSING" });
            else found.Add(ServiceDeploymentJson.Describe(owner, owner.Deployments.Single(d => d.Arn == arn)));
        }
        return new JsonObject { ["serviceDeployments"] = found, ["failures"] = failures };
    }

    private static HashSet<string>? StatusFilter(JsonElement input)
    {
        if (!input.TryGetProperty("status", out var status) || status.ValueKind == JsonValueKind.Null) return null;
        if (status.ValueKind != JsonValueKind.Array) throw new AwsError(Invalid, "status must be a list.");
        var set = new HashSet<string>();
        foreach (var item in status.EnumerateArray())
        {
            var value = item.ValueKind == JsonValueKind.String ? item.GetString()! : item.GetRawText();
            if (!DeploymentStatus.All.Contains(value)) throw new AwsError(Invalid,
                $"status: '{value}' is not one of {string.Join(", ", DeploymentStatus.All)}.");
            set.Add(value);
        }
        return set;
    }

    private static (DateTimeOffset? After, DateTimeOffset? Before) CreatedAtFilter(JsonElement input)
    {
        if (!input.TryGetProperty("createdAt", out var createdAt) || createdAt.ValueKind != JsonValueKind.Object) return (null, null);
        return (Timestamp(createdAt, "after"), Timestamp(createdAt, "before"));
    }

    private static DateTimeOffset? Timestamp(JsonElement parent, string member)
    {
        if (!parent.TryGetProperty(member, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Number) throw new AwsError(Invalid, $"createdAt.{member} must be a timestamp (epoch seconds).");
        return DateTimeOffset.FromUnixTimeMilliseconds((long)(value.GetDouble() * 1000));
    }

    private ExpressGatewayService FindByArn(ApiRequest request, JsonElement input, string notFoundCode)
    {
        var region = request.Region;
        var arn = Json.RequiredString(input, "serviceArn", Invalid);
        if (!arn.StartsWith("arn:aws:ecs:", StringComparison.Ordinal) || !arn.Contains(":service/", StringComparison.Ordinal))
            throw new AwsError(Invalid, $"serviceArn: '{arn}' is not an ECS service ARN (arn:aws:ecs:<region>:<account>:service/<cluster>/<name>).");
        return world.ExpressServices.SingleOrDefault(s => s.Arn == arn && s.Region == region && s.AccountId == request.AccountId)
            ?? throw new AwsError(notFoundCode, $"Express service {arn} does not exist in {region}.");
    }
}
