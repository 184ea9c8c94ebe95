using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.Core.Services;
using static Portal.Aws.WireReader;

namespace Portal.Aws.AppRunner;

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

    public static IReadOnlyList<ServiceOperation> ParseOperations(JsonElement root)
    {
        var items = new List<ServiceOperation>();
        var index = 0;
        foreach (var o in Array(root, "OperationSummaryList", "$"))
        {
            var path = $"$.OperationSummaryList[{index++}]";
            if (o.ValueKind != JsonValueKind.Object) throw new WireFormatException($"{path} is {o.ValueKind}, expected an object.");
            // The model makes every member of an OperationSummary optional; one without a type or a status says nothing
            // the portal could show or wait on, so it is left out rather than guessed.
            if (OptionalString(o, "Type", path) is null || OptionalString(o, "Status", path) is null) continue;
            items.Add(new ServiceOperation(
                OptionalString(o, "Id", path),
                Enum<OperationType>(o, "Type", path),
                Enum<OperationStatus>(o, "Status", path),
                OptionalTimestamp(o, "StartedAt", path),
                OptionalTimestamp(o, "EndedAt", path),
                OptionalTimestamp(o, "UpdatedAt", path)));
        }
        return items;
    }

    /// <summary>
    /// DescribeService: the ARN of the service's auto-scaling configuration. The model requires the summary but not its ARN;
    /// without the ARN the configuration cannot be described, so its absence is an error rather than a guess.
    /// </summary>
    public static string ParseAutoScalingConfigurationArn(JsonElement root) =>
        String(Object(Object(root, "Service", "$"), "AutoScalingConfigurationSummary", "$.Service"), "AutoScalingConfigurationArn",
            "$.Service.AutoScalingConfigurationSummary");

    /// <summary>
    /// DescribeAutoScalingConfiguration: {"AutoScalingConfiguration": {...}}. The model leaves MaxSize and MaxConcurrency
    /// optional, but a capacity without them would be invented, so either missing (or not positive) is an error.
    /// </summary>
    public static ServiceCapacity ParseCapacity(JsonElement root)
    {
        const string path = "$.AutoScalingConfiguration";
        var configuration = Object(root, "AutoScalingConfiguration", "$");
        return new ServiceCapacity(Positive(configuration, "MaxSize", path), Positive(configuration, "MaxConcurrency", path));
    }

    private static int Positive(JsonElement parent, string name, string path) =>
        OptionalLong(parent, name, path) is { } n and > 0 and <= int.MaxValue ? (int)n
            : throw new WireFormatException($"{path}.{name} is missing or not a positive integer, so the service's capacity is unknown.");

    /// <summary>PauseService, ResumeService, UpdateService: the operation they started, when the answer names it (optional in Pause's and Resume's
    /// model).</summary>
    public static string? ParseOperationId(JsonElement root) => OptionalString(root, "OperationId", "$") is { Length: > 0 } id ? id : null;

    /// <summary>
    /// From a DescribeService answer: the service's SourceConfiguration for UpdateService with only ImageIdentifier changed
    /// (the whole ImageRepository, including members the portal does not know, plus AuthenticationConfiguration and
    /// AutoDeploymentsEnabled), and what it keeps, as names and counts.
    /// </summary>
    public static (JsonObject Source, KeptConfiguration Kept) SourceWithImage(JsonElement root, string imageIdentifier)
    {
        const string path = "$.Service.SourceConfiguration";
        var source = Object(Object(root, "Service", "$"), "SourceConfiguration", "$.Service");
        var repository = OptionalObject(source, "ImageRepository", path)
            ?? throw new WireFormatException($"{path} has no ImageRepository: the service is not deployed from an image, so an image cannot be deployed to " +
                $"it.");
        String(repository, "ImageRepositoryType", path + ".ImageRepository");

        var copy = JsonNode.Parse(repository.GetRawText())!.AsObject();
        copy["ImageIdentifier"] = imageIdentifier;
        var sent = new JsonObject { ["ImageRepository"] = copy };
        bool? autoDeployments = null;
        if (source.TryGetProperty("AutoDeploymentsEnabled", out var auto) && auto.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            autoDeployments = auto.GetBoolean();
            sent["AutoDeploymentsEnabled"] = autoDeployments;
        }
        var authentication = OptionalObject(source, "AuthenticationConfiguration", path);
        if (authentication is { } a) sent["AuthenticationConfiguration"] = JsonNode.Parse(a.GetRawText());

        var configuration = OptionalObject(repository, "ImageConfiguration", path + ".ImageRepository");
        var at = path + ".ImageRepository.ImageConfiguration";
        var kept = new KeptConfiguration(
            configuration is { } c ? OptionalString(c, "Port", at) : null,
            configuration is { } v ? Names(v, "RuntimeEnvironmentVariables", at) : [],
            configuration is { } s ? Names(s, "RuntimeEnvironmentSecrets", at) : [],
            configuration is { } cmd && OptionalString(cmd, "StartCommand", at) is not null,
            authentication is { } role && OptionalString(role, "AccessRoleArn", path + ".AuthenticationConfiguration") is not null,
            autoDeployments);
        return (sent, kept);
    }

    private static IReadOnlyList<string> Names(JsonElement parent, string name, string path) =>
        OptionalObject(parent, name, path) is { } map ? [.. map.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)] : [];
}
