using Portal.Aws.AppRunner;
using Portal.Core.Services;

namespace Portal.Aws.Ecs;

/// <summary>
/// Portal.Core's one service runtime port, served by App Runner or ECS Express according to the service ARN's service
/// (arn:aws:apprunner:… or arn:aws:ecs:…), so every runner works for a region on either runtime.
/// </summary>
public sealed class RuntimeRouter(AppRunnerClient appRunner, EcsExpressClient ecs) : IServiceRuntime, IServiceCapacity
{
    public static bool IsEcs(string serviceArn) => serviceArn.Split(':') is [_, _, "ecs", ..];

    private IServiceRuntime For(string serviceArn) => IsEcs(serviceArn) ? ecs : appRunner;

    public Task<ServiceState> DescribeAsync(string region, string serviceArn, CancellationToken ct = default) =>
        For(serviceArn).DescribeAsync(region, serviceArn, ct);

    public Task<IReadOnlyList<ServiceOperation>> ListOperationsAsync(string region, string serviceArn, int max = 20, CancellationToken ct = default) =>
        For(serviceArn).ListOperationsAsync(region, serviceArn, max, ct);

    public Task<ImageUpdate> UpdateImageAsync(string region, string serviceArn, string imageIdentifier, CancellationToken ct = default) =>
        For(serviceArn).UpdateImageAsync(region, serviceArn, imageIdentifier, ct);

    public Task<string?> PauseAsync(string region, string serviceArn, CancellationToken ct = default) =>
        For(serviceArn).PauseAsync(region, serviceArn, ct);

    public Task<string?> ResumeAsync(string region, string serviceArn, CancellationToken ct = default) =>
        For(serviceArn).ResumeAsync(region, serviceArn, ct);

    public Task<ServiceCapacity> GetCapacityAsync(string region, string serviceArn, CancellationToken ct = default) =>
        IsEcs(serviceArn) ? ecs.GetCapacityAsync(region, serviceArn, ct) : appRunner.GetCapacityAsync(region, serviceArn, ct);
}
