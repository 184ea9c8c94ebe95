namespace Portal.Core.Services;

/// <summary>
/// How far a region's service can scale: App Runner runs at most <see cref="MaxSize"/> instances, each serving at most
/// <see cref="MaxConcurrency"/> requests at once (its auto-scaling configuration).
/// </summary>
public sealed record ServiceCapacity(int MaxSize, int MaxConcurrency)
{
    /// <summary>The most requests the service can serve at once when fully scaled out.</summary>
    public long MaxConcurrentRequests => (long)MaxSize * MaxConcurrency;
}

/// <summary>Reads a regional service's scaling limits (App Runner's auto-scaling configuration in AWS, LocalCloud on loopback).</summary>
public interface IServiceCapacity
{
    /// <summary>The capacity of the service's current auto-scaling configuration; throws when it cannot be read.</summary>
    Task<ServiceCapacity> GetCapacityAsync(string region, string serviceArn, CancellationToken ct = default);
}
