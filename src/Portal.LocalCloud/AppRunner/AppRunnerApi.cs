using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.LocalCloud.Protocol;
using Portal.LocalCloud.World;

namespace Portal.LocalCloud.AppRunner;

/// <summary>
/// App Runner over JSON 1.0 (X-Amz-Target: AppRunner.*): ListServices, DescribeService, ListOperations,
/// UpdateService, StartDeployment, PauseService, ResumeService, DescribeAutoScalingConfiguration, with
/// InvalidStateException where AWS raises it.
/// </summary>
public sealed class AppRunnerApi(CloudWorld world, OperationRunner operations) : IAwsApi
{
    private const string TargetPrefix = "AppRunner.";
    private const string Invalid = "InvalidRequestException";

    public string SigningName => "apprunner";
    public AwsProtocol Protocol => AwsProtocol.Json10;
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
                "ListServices" => ListServices(request, input),
                "DescribeService" => new JsonObject { ["Service"] = Describe(Find(request, input)) },
                "ListOperations" => ListOperations(request, input),
                "UpdateService" => UpdateService(request, input),
                "StartDeployment" => StartDeployment(request, input),
                "PauseService" => PauseService(request, input),
                "ResumeService" => ResumeService(request, input),
                "DescribeAutoScalingConfiguration" => DescribeAutoScalingConfiguration(request, input),
                _ => throw new AwsError("UnknownOperationException", $"Operation {request.Operation} is not supported by LocalCloud's App Runner."),
            };
        }
        return Json.Write(request.Http, Protocol, output);
    }

    private JsonObject ListServices(ApiRequest request, JsonElement input)
    {
        var region = request.Region;
        var max = MaxResults(input, 20);
        var offset = Json.OffsetFromToken(input, "NextToken", Invalid);
        var services = world.Services.Where(s => s.Region == region && s.AccountId == request.AccountId).OrderBy(s => s.Name).ToList();
        var result = new JsonObject
        {
            ["ServiceSummaryList"] = new JsonArray([.. services.Skip(offset).Take(max).Select(s => (JsonNode)ServiceConfigurationWire.Summary(s))]),
        };
        if (offset + max < services.Count) result["NextToken"] = Json.TokenForOffset(offset + max);
        return result;
    }

    private JsonObject ListOperations(ApiRequest request, JsonElement input)
    {
        var region = request.Region;
        var service = Find(request, input);
        var max = MaxResults(input, 20);
        var offset = Json.OffsetFromToken(input, "NextToken", Invalid);
        var result = new JsonObject
        {
            ["OperationSummaryList"] = new JsonArray([.. service.Operations.Skip(offset).Take(max).Select(o =>
            {
                var summary = new JsonObject
                {
                    ["Id"] = o.Id,
                    ["Type"] = o.Type,
                    ["Status"] = o.Status,
                    ["TargetArn"] = o.TargetArn,
                    ["StartedAt"] = Json.Epoch(o.StartedAt),
                    ["UpdatedAt"] = Json.Epoch(o.UpdatedAt),
                };
                if (o.EndedAt is { } ended) summary["EndedAt"] = Json.Epoch(ended);
                return (JsonNode)summary;
            })]),
        };
        if (offset + max < service.Operations.Count) result["NextToken"] = Json.TokenForOffset(offset + max);
        return result;
    }

    private JsonObject UpdateService(ApiRequest request, JsonElement input)
    {
        var region = request.Region;
        var service = Find(request, input);
        var update = ServiceConfigurationWire.ReadUpdate(input, service);
        if (service.Status != ServiceStatus.Running)
            throw InvalidState(service, "UpdateService");
        var operation = operations.Start(service, OperationType.UpdateService, update);
        return new JsonObject { ["Service"] = Describe(service), ["OperationId"] = operation.Id };
    }

    private JsonObject StartDeployment(ApiRequest request, JsonElement input)
    {
        var region = request.Region;
        var service = Find(request, input);
        if (service.Status != ServiceStatus.Running) throw InvalidState(service, "StartDeployment");
        var operation = operations.Start(service, OperationType.StartDeployment, ServiceUpdate.Redeploy(service.ImageIdentifier));
        return new JsonObject { ["OperationId"] = operation.Id };
    }

    private JsonObject PauseService(ApiRequest request, JsonElement input)
    {
        var region = request.Region;
        var service = Find(request, input);
        if (service.Status != ServiceStatus.Running) throw InvalidState(service, "PauseService");
        var operation = operations.Start(service, OperationType.PauseService, null);
        return new JsonObject { ["Service"] = Describe(service), ["OperationId"] = operation.Id };
    }

    private JsonObject ResumeService(ApiRequest request, JsonElement input)
    {
        var region = request.Region;
        var service = Find(request, input);
        if (service.Status != ServiceStatus.Paused) throw InvalidState(service, "ResumeService");
        var operation = operations.Start(service, OperationType.ResumeService, null);
        return new JsonObject { ["Service"] = Describe(service), ["OperationId"] = operation.Id };
    }

    private static AwsError InvalidState(AppRunnerService service, string action) =>
        new("InvalidStateException", $"You can't perform {action} on service {service.Arn} while it is in {service.Status} state.");

    /// <summary>
    /// AWS also accepts a partial ARN (".../name" or ".../name/revision") for the latest active revision; LocalCloud
    /// knows only the full ARNs it seeded, so a partial one is not found (stricter, never kinder).
    /// </summary>
    private JsonObject DescribeAutoScalingConfiguration(ApiRequest request, JsonElement input)
    {
        var region = request.Region;
        var arn = Arn(input, "AutoScalingConfigurationArn", "autoScalingConfigurationArn");
        var service = world.Services.FirstOrDefault(s => s.AutoScalingConfigurationArn == arn && s.Region == region && s.AccountId == request.AccountId)
            ?? throw new AwsError("ResourceNotFoundException", $"Auto scaling configuration with arn {arn} does not exist in {region}.");
        return new JsonObject { ["AutoScalingConfiguration"] = ServiceConfigurationWire.AutoScaling(service, full: true) };
    }

    private AppRunnerService Find(ApiRequest request, JsonElement input)
    {
        var region = request.Region;
        var arn = Arn(input, "ServiceArn", "serviceArn");
        return world.Services.SingleOrDefault(s => s.Arn == arn && s.Region == region && s.AccountId == request.AccountId && s.Status != ServiceStatus.Deleted)
            ?? throw new AwsError("ResourceNotFoundException", $"Service with arn {arn} does not exist in {region}.");
    }

    /// <summary>A required AppRunnerResourceArn member, checked as the model's pattern and length (1-1011) require.</summary>
    private static string Arn(JsonElement input, string member, string field)
    {
        var arn = Json.RequiredString(input, member, Invalid);
        if (!arn.StartsWith("arn:aws:apprunner:", StringComparison.Ordinal) || arn.Length > 1011)
            throw new AwsError(Invalid, $"1 validation error detected: Value '{arn}' at '{field}' failed to satisfy constraint: Member must satisfy regular " +
                $"expression pattern: arn:aws(-[\\w]+)*:[a-z0-9-\\\\.]{{0,63}}:[a-z0-9-\\\\.]{{0,63}}:[0-9]{{12}}:(\\w|\\/|-){{1,1011}}");
        return arn;
    }

    private static int MaxResults(JsonElement input, int max)
    {
        var value = Json.OptionalInt(input, "MaxResults", Invalid) ?? max;
        if (value is < 1 or > 20) throw new AwsError(Invalid, $"1 validation error detected: Value '{value}' at 'maxResults' failed to satisfy constraint: " +
            $"Member must have value between 1 and 20");
        return value;
    }

    private static JsonObject Describe(AppRunnerService s) => ServiceConfigurationWire.Describe(s);
}
