using Portal.Core.Topology;

namespace Portal.Core.Services;

/// <summary>What one region's App Runner service reports right now, or why it could not be read.</summary>
public sealed record RegionServiceView(RegionTopology Region, ServiceState? Service, ServiceOperation? LatestOperation, string? Error, DateTimeOffset ReadAt)
{
    public bool Failed => Error is not null;
}

public sealed record EnvironmentServiceView(EnvironmentTopology Environment, IReadOnlyList<RegionServiceView> Regions);

/// <summary>
/// Reads every region of every environment at once. A failing region becomes an error for that region
/// only: on-call must still see the healthy region when the other one is the problem.
/// </summary>
public sealed class ServiceOverview(IServiceRuntime runtime, TimeProvider time)
{
    public async Task<IReadOnlyList<EnvironmentServiceView>> ReadAsync(PortalTopology topology, CancellationToken ct = default)
    {
        var environments = topology.Environments.Select(async env =>
            new EnvironmentServiceView(env, await Task.WhenAll(env.Regions.Select(r => ReadRegionAsync(r, ct)))));
        return await Task.WhenAll(environments);
    }

    public async Task<RegionServiceView> ReadRegionAsync(RegionTopology region, CancellationToken ct = default)
    {
        var describe = runtime.DescribeAsync(region.Region, region.ServiceArn, ct);
        var operations = runtime.ListOperationsAsync(region.Region, region.ServiceArn, 1, ct);
        try
        {
            await Task.WhenAll(describe, operations);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            // Reported below from the faulted task(s).
        }
        var error = ErrorOf(describe) ?? ErrorOf(operations);
        return new RegionServiceView(
            region,
            describe.IsCompletedSuccessfully ? describe.Result : null,
            operations.IsCompletedSuccessfully ? operations.Result.FirstOrDefault() : null,
            error,
            time.GetUtcNow());
    }

    private static string? ErrorOf(Task task) => task.IsFaulted
        ? task.Exception!.InnerException?.Message ?? task.Exception.Message
        : task.IsCanceled ? "The call was cancelled or timed out." : null;
}
