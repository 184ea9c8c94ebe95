using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.Core.Services;
using Portal.Core.Topology;

namespace Portal.Aws.Ecs;

/// <summary>
/// Portal.Core's service runtime on ECS Express Mode, over ECS's JSON 1.1 protocol through the shared transport (signed,
/// retried, timed out, logged without secrets). A deployment is followed through the service's current deployment
/// (DescribeServiceDeployments), which reports the circuit breaker's rollback and its reason.
/// </summary>
public sealed class EcsExpressClient(AwsJsonProtocol protocol) : IServiceRuntime, IServiceCapacity
{
    private static readonly AwsJsonApi Api = AwsJsonApi.Ecs;

    public async Task<ServiceState> DescribeAsync(string region, string serviceArn, CancellationToken ct = default)
    {
        var (service, current) = await DescribeWithDeploymentAsync(region, serviceArn, ct);
        return Read("DescribeExpressGatewayService", region, service, s => EcsExpressWire.ParseState(s, current));
    }

    public async Task<IReadOnlyList<ServiceOperation>> ListOperationsAsync(string region, string serviceArn, int max = 20, CancellationToken ct = default)
    {
        var input = new JsonObject { ["service"] = serviceArn, ["maxResults"] = Math.Clamp(max, 1, 100) };
        if (EcsServiceArnParts.TryParse(serviceArn, out var parts)) input["cluster"] = parts.Cluster;
        var operations = Read("ListServiceDeployments", region, await Call("ListServiceDeployments", region, input, ct), EcsExpressWire.ParseOperations);
        return [.. operations.Take(max)];
    }

    public async Task<ImageUpdate> UpdateImageAsync(string region, string serviceArn, string imageIdentifier, CancellationToken ct = default)
    {
        var (service, current) = await DescribeWithDeploymentAsync(region, serviceArn, ct);
        var (input, kept) = Read("DescribeExpressGatewayService", region, service, s => EcsExpressWire.UpdateWithImage(s, current, imageIdentifier));
        var revision = Read("UpdateExpressGatewayService", region, await Call("UpdateExpressGatewayService", region, input, ct),
            EcsExpressWire.ParseNewRevision);
        return new ImageUpdate(revision, kept, "ECS service revision");
    }

    public Task<string?> PauseAsync(string region, string serviceArn, CancellationToken ct = default) => throw Unavailable(region);

    public Task<string?> ResumeAsync(string region, string serviceArn, CancellationToken ct = default) => throw Unavailable(region);

    /// <summary>
    /// ECS Express scales on CPU, memory or requests per target, not on requests in flight per task, so there is no
    /// concurrency ceiling to compare a region's load with.
    /// </summary>
    public Task<ServiceCapacity> GetCapacityAsync(string region, string serviceArn, CancellationToken ct = default) =>
        throw new RuntimeActionUnavailableException($"{region} runs ECS Express, which has no concurrency limit per task (it scales on CPU, memory or " +
            $"requests per target), so its capacity in concurrent requests is unknown");

    private static RuntimeActionUnavailableException Unavailable(string region) => new(RuntimeSupport.ExpressCannotPause(region));

    private async Task<(JsonElement Service, EcsExpressWire.Deployment? Current)> DescribeWithDeploymentAsync(string region, string serviceArn,
        CancellationToken ct)
    {
        var root = await Call("DescribeExpressGatewayService", region, new JsonObject { ["serviceArn"] = serviceArn }, ct);
        var service = Read("DescribeExpressGatewayService", region, root, EcsExpressWire.Service);
        var deploymentArn = Read("DescribeExpressGatewayService", region, service, EcsExpressWire.CurrentDeploymentArn);
        if (deploymentArn is null) return (service, null);
        var input = new JsonObject { ["serviceDeploymentArns"] = new JsonArray(deploymentArn) };
        var deployments = Read("DescribeServiceDeployments", region, await Call("DescribeServiceDeployments", region, input, ct),
            EcsExpressWire.ParseDeployments);
        return (service, deployments.FirstOrDefault(d => d.Arn == deploymentArn));
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
