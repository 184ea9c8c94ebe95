using System.Text.Json;
using Portal.Core.Services;
using static Portal.Aws.WireReader;

namespace Portal.Aws.AppRunner;

public sealed record ServiceSummary(string Name, string Id, string Arn, string? Url, ServiceStatus Status, DateTimeOffset? UpdatedAt);

public sealed record Page<T>(IReadOnlyList<T> Items, string? NextToken);

/// <summary>App Runner answers (JSON 1.0) read into domain records; see the App Runner API reference for the shapes.</summary>
public static class AppRunnerWire
{
    /// <summary>DescribeService, UpdateService, PauseService, ResumeService: {"Service": {...}}.</summary>
    public static ServiceState ParseServiceAnswer(JsonElement root) => ParseService(Object(root, "Service", "$"), "$.Service");

    public static ServiceState ParseService(JsonElement service, string path)
    {
        string? image = null;
        if (OptionalObject(service, "SourceConfiguration", path) is { } source
            && OptionalObject(source, "ImageRepository", path + ".SourceConfiguration") is { } repository)
            image = String(repository, "ImageIdentifier", path + ".SourceConfiguration.ImageRepository");
        return new ServiceState(
            String(service, "ServiceArn", path),
            String(service, "ServiceName", path),
            String(service, "ServiceId", path),
            Enum<ServiceStatus>(service, "Status", path),
            image,
            OptionalString(service, "ServiceUrl", path),
            OptionalTimestamp(service, "UpdatedAt", path));
    }

    public static Page<ServiceOperation> ParseOperations(JsonElement root)
    {
        var items = Array(root, "OperationSummaryList", "$").Select((o, i) =>
        {
            var path = $"$.OperationSummaryList[{i}]";
            if (o.ValueKind != JsonValueKind.Object) throw new WireFormatException($"{path} is {o.ValueKind}, expected an object.");
            return new ServiceOperation(
                String(o, "Id", path),
                Enum<OperationType>(o, "Type", path),
                Enum<OperationStatus>(o, "Status", path),
                OptionalTimestamp(o, "StartedAt", path),
                OptionalTimestamp(o, "EndedAt", path),
                OptionalTimestamp(o, "UpdatedAt", path));
        }).ToList();
        return new Page<ServiceOperation>(items, OptionalString(root, "NextToken", "$"));
    }

    public static Page<ServiceSummary> ParseServices(JsonElement root)
    {
        var items = Array(root, "ServiceSummaryList", "$").Select((s, i) =>
        {
            var path = $"$.ServiceSummaryList[{i}]";
            if (s.ValueKind != JsonValueKind.Object) throw new WireFormatException($"{path} is {s.ValueKind}, expected an object.");
            return new ServiceSummary(
                String(s, "ServiceName", path),
                String(s, "ServiceId", path),
                String(s, "ServiceArn", path),
                OptionalString(s, "ServiceUrl", path),
                Enum<ServiceStatus>(s, "Status", path),
                OptionalTimestamp(s, "UpdatedAt", path));
        }).ToList();
        return new Page<ServiceSummary>(items, OptionalString(root, "NextToken", "$"));
    }

    /// <summary>StartDeployment, PauseService, ResumeService, UpdateService all name the operation they started.</summary>
    public static string ParseOperationId(JsonElement root) => String(root, "OperationId", "$");
}
