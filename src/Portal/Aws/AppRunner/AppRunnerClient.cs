using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.Core.Services;

namespace Portal.Aws.AppRunner;

/// <summary>Portal.Core's service runtime on App Runner: the operations the portal uses, over JSON 1.0.</summary>
public sealed class AppRunnerClient(AwsJsonProtocol protocol) : IServiceRuntime, IServiceCapacity
{
    private static readonly AwsJsonApi Api = AwsJsonApi.AppRunner;

    public async Task<ServiceState> DescribeAsync(string region, string serviceArn, CancellationToken ct = default) =>
        Read("DescribeService", region, await Call("DescribeService", region, new JsonObject { ["ServiceArn"] = serviceArn }, ct),
            AppRunnerWire.ParseServiceAnswer);

    public async Task<IReadOnlyList<ServiceOperation>> ListOperationsAsync(string region, string serviceArn, int max = 20, CancellationToken ct = default)
    {
        var input = new JsonObject { ["ServiceArn"] = serviceArn, ["MaxResults"] = Math.Clamp(max, 1, 20) };
        return Read("ListOperations", region, await Call("ListOperations", region, input, ct), AppRunnerWire.ParseOperations);
    }

    /// <summary>
    /// UpdateService sets "the members of the structure that you include" and gives omitted ones App Runner's defaults,
    /// so the whole source configuration read by DescribeService just before is sent back with only ImageIdentifier
    /// changed, as AWS's own deploy action does.
    /// </summary>
    public async Task<ImageUpdate> UpdateImageAsync(string region, string serviceArn, string imageIdentifier, CancellationToken ct = default)
    {
        var described = await Call("DescribeService", region, new JsonObject { ["ServiceArn"] = serviceArn }, ct);
        var (source, kept) = Read("DescribeService", region, described, root => AppRunnerWire.SourceWithImage(root, imageIdentifier));
        var input = new JsonObject { ["ServiceArn"] = serviceArn, ["SourceConfiguration"] = source };
        var operationId = Read("UpdateService", region, await Call("UpdateService", region, input, ct), AppRunnerWire.ParseOperationId);
        return new ImageUpdate(operationId, kept);
    }

    public async Task<string?> PauseAsync(string region, string serviceArn, CancellationToken ct = default) =>
        Read("PauseService", region, await Call("PauseService", region, new JsonObject { ["ServiceArn"] = serviceArn }, ct), AppRunnerWire.ParseOperationId);

    public async Task<string?> ResumeAsync(string region, string serviceArn, CancellationToken ct = default) =>
        Read("ResumeService", region, await Call("ResumeService", region, new JsonObject { ["ServiceArn"] = serviceArn }, ct), AppRunnerWire.ParseOperationId);

    /// <summary>DescribeService names the service's auto-scaling configuration; DescribeAutoScalingConfiguration gives its limits.</summary>
    public async Task<ServiceCapacity> GetCapacityAsync(string region, string serviceArn, CancellationToken ct = default)
    {
        var arn = Read("DescribeService", region, await Call("DescribeService", region, new JsonObject { ["ServiceArn"] = serviceArn }, ct),
            AppRunnerWire.ParseAutoScalingConfigurationArn);
        var input = new JsonObject { ["AutoScalingConfigurationArn"] = arn };
        return Read("DescribeAutoScalingConfiguration", region, await Call("DescribeAutoScalingConfiguration", region, input, ct), AppRunnerWire.ParseCapacity);
    }

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
