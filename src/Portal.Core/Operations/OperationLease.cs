namespace Portal.Core.Operations;

/// <summary>
/// Who runs an operation now: a worker's owner name and the lease generation it was given. Every hand-over (a restart,
/// another instance taking a job over) raises the generation, so the worker it was taken from can tell.
/// </summary>
public sealed record OperationLease(string Owner, long Generation);

/// <summary>A worker found it no longer owns its operation (another took it over, or the store could not say): it stops without acting.</summary>
public sealed class LeaseLostException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The fencing side of the portal's operation records: which job engine job runs an operation, and which worker owns it.
/// Kept beside <see cref="IOperationStore"/> so a run can prove, atomically in the store, that it still owns its operation
/// before each step that may change AWS.
/// </summary>
public interface IOperationLeases
{
    /// <summary>Makes <paramref name="owner"/> the operation's only owner with a new, higher generation; records the engine's job id.</summary>
    Task<OperationLease> TakeAsync(string operationId, string owner, string jobId, CancellationToken ct = default);

    /// <summary>True while the operation is active and <paramref name="lease"/> is still its current lease.</summary>
    Task<bool> HoldsAsync(string operationId, OperationLease lease, CancellationToken ct = default);

    /// <summary>Records the engine's job for an operation just handed to it.</summary>
    Task SetJobAsync(string operationId, string jobId, CancellationToken ct = default);

    /// <summary>The engine's job id last recorded for the operation, or null.</summary>
    Task<string?> JobOfAsync(string operationId, CancellationToken ct = default);

    /// <summary>
    /// Replaces the recorded job id with <paramref name="replacement"/> only if it still is <paramref name="expected"/>
    /// (null: none recorded): of several portals finding one operation without a job, only one hands it over.
    /// </summary>
    Task<bool> TryReplaceJobAsync(string operationId, string? expected, string replacement, CancellationToken ct = default);
}

/// <summary>A run's proof of ownership, checked before each step; <see cref="ConfirmAsync"/> throws when it is gone.</summary>
public sealed class OperationFence(IOperationLeases leases, string operationId, OperationLease lease)
{
    public OperationLease Lease => lease;

    public async Task ConfirmAsync(CancellationToken ct)
    {
        bool holds;
        try
        {
            holds = await leases.HoldsAsync(operationId, lease, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // An unreachable store cannot vouch for this worker, and another may have taken over meanwhile: do nothing.
            throw new LeaseLostException($"Could not confirm that {lease.Owner} still owns operation {operationId}: {ex.Message}", ex);
        }
        if (!holds)
            throw new LeaseLostException($"Operation {operationId} is no longer owned by {lease.Owner} (lease {lease.Generation}): another worker took it " +
                $"over or it ended.");
    }
}
