using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.Core.Services;

namespace Portal.Aws.AppRunner;

/// <summary>The App Runner operations the portal uses, over JSON 1.0.</summary>
public sealed class AppRunnerClient(AwsJsonProtocol protocol)
{
    private static readonly AwsJsonApi Api = AwsJsonApi.AppRunner;

    public async Task<ServiceState> DescribeServiceAsync(string region, string serviceArn, CancellationToken ct = default) =>
        Read("DescribeService", region, await Call("DescribeService", region, new JsonObject { ["ServiceArn"] = serviceArn }, ct), AppRunnerWire.ParseServiceAnswer);

    public async Task<Page<ServiceOperation>> ListOperationsAsync(string region, string serviceArn, int maxResults = 20, string? nextToken = null, CancellationToken ct = default)
    {
        var input = new JsonObject { ["ServiceArn"] = serviceArn, ["MaxResults"] = Math.Clamp(maxResults, 1, 20) };
        if (nextToken is not null) input["NextToken"] = nextToken;
        return Read("ListOperations", region, await Call("ListOperations", region, input, ct), AppRunnerWire.ParseOperations);
    }

    /// <summary>Every service in the region, following NextToken.</summary>
    public async Task<IReadOnlyList<ServiceSummary>> ListServicesAsync(string region, CancellationToken ct = default)
    {
        var all = new List<ServiceSummary>();
        string? token = null;
        do
        {
            var input = new JsonObject { ["MaxResults"] = 20 };
            if (token is not null) input["NextToken"] = token;
            var page = Read("ListServices", region, await Call("ListServices", region, input, ct), AppRunnerWire.ParseServices);
            all.AddRange(page.Items);
            token = page.NextToken;
        } while (token is not null);
        return all;
    }

    /// <summary>Deploys a specific image (UpdateService with SourceConfiguration.ImageRepository.ImageIdentifier); returns the operation id.</summary>
    public async Task<string> UpdateServiceImageAsync(string region, string serviceArn, string imageIdentifier, CancellationToken ct = default)
    {
        var input = new JsonObject
        {
            ["ServiceArn"] = serviceArn,
            ["SourceConfiguration"] = new JsonObject
            {
                ["ImageRepository"] = new JsonObject { ["ImageIdentifier"] = imageIdentifier, ["ImageRepositoryType"] = "ECR" },
            },
        };
        return Read("UpdateService", region, await Call("UpdateService", region, input, ct), AppRunnerWire.ParseOperationId);
    }

    public async Task<string> StartDeploymentAsync(string region, string serviceArn, CancellationToken ct = default) =>
        Read("StartDeployment", region, await Call("StartDeployment", region, new JsonObject { ["ServiceArn"] = serviceArn }, ct), AppRunnerWire.ParseOperationId);

    public async Task<string> PauseServiceAsync(string region, string serviceArn, CancellationToken ct = default) =>
        Read("PauseService", region, await Call("PauseService", region, new JsonObject { ["ServiceArn"] = serviceArn }, ct), AppRunnerWire.ParseOperationId);

    public async Task<string> ResumeServiceAsync(string region, string serviceArn, CancellationToken ct = default) =>
        Read("ResumeService", region, await Call("ResumeService", region, new JsonObject { ["ServiceArn"] = serviceArn }, ct), AppRunnerWire.ParseOperationId);

    private Task<JsonElement> Call(string operation, string region, JsonObject input, CancellationToken ct) =>
        protocol.CallAsync(Api, region, operation, input, ct);

    private static T Read<T>(string operation, string region, JsonElement root, Func<JsonElement, T> parse)
    {
        try
        {
            return parse(root);
        }
        catch (WireFormatException e)
        {
            throw new AwsResponseException(Api.Service.DisplayName, operation, region, e.Message, e);
        }
    }
}

/// <summary>Portal.Core's service runtime, backed by App Runner.</summary>
public sealed class AppRunnerServiceRuntime(AppRunnerClient client) : IServiceRuntime
{
    public Task<ServiceState> DescribeAsync(string region, string serviceArn, CancellationToken ct = default) =>
        client.DescribeServiceAsync(region, serviceArn, ct);

    public async Task<IReadOnlyList<ServiceOperation>> ListOperationsAsync(string region, string serviceArn, int max = 20, CancellationToken ct = default) =>
        (await client.ListOperationsAsync(region, serviceArn, max, null, ct)).Items;

    public Task<string> UpdateImageAsync(string region, string serviceArn, string imageIdentifier, CancellationToken ct = default) =>
        client.UpdateServiceImageAsync(region, serviceArn, imageIdentifier, ct);

    public Task<string> PauseAsync(string region, string serviceArn, CancellationToken ct = default) =>
        client.PauseServiceAsync(region, serviceArn, ct);

    public Task<string> ResumeAsync(string region, string serviceArn, CancellationToken ct = default) =>
        client.ResumeServiceAsync(region, serviceArn, ct);
}
