namespace Portal.Core.Operations;

/// <summary>Another operation is queued or running for the environment; one mutating operation per environment at a time.</summary>
public sealed class EnvironmentBusyException(string environment, string activeOperationId)
    : Exception($"Environment '{environment}' already has operation {activeOperationId} queued or running; wait for it to finish or cancel it.")
{
    public string Environment { get; } = environment;

    public string ActiveOperationId { get; } = activeOperationId;
}

/// <summary>Filters and paging for the jobs list; null filters match everything.</summary>
public sealed record OperationQuery(
    string? Environment = null,
    OperationKind? Kind = null,
    OperationState? State = null,
    int Page = 1,
    int PageSize = 25);

public sealed record OperationPage(IReadOnlyList<OperationRecord> Items, int Total, int Page, int PageSize)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>
/// The portal's own records of operations and their steps (SQLite by default, PostgreSQL when shared). The
/// store enforces one active (queued or running) operation per environment atomically, across portal instances.
/// </summary>
public interface IOperationStore
{
    /// <summary>Records a new Queued operation. Throws <see cref="EnvironmentBusyException"/> when the environment has an active one.</summary>
    Task<OperationRecord> CreateAsync(OperationRequest request, CancellationToken ct = default);

    Task<OperationRecord?> GetAsync(string id, CancellationToken ct = default);

    /// <summary>Newest first.</summary>
    Task<OperationPage> ListAsync(OperationQuery query, CancellationToken ct = default);

    /// <summary>The environment's operations of <paramref name="kind"/>, newest first, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<OperationRecord>> RecentAsync(string environment, OperationKind kind, int max, CancellationToken ct = default);

    /// <summary>Queued or Running operations (all environments), oldest first: what a restarted portal has to look at.</summary>
    Task<IReadOnlyList<OperationRecord>> ActiveAsync(CancellationToken ct = default);

    /// <summary>
    /// Queued to Running (also Running to Running when a job resumes after a restart); StartedAt is set the first
    /// time only. Throws KeyNotFoundException for an unknown id, InvalidOperationException when it has finished.
    /// </summary>
    Task MarkRunningAsync(string id, CancellationToken ct = default);

    /// <summary>Appends a Running step started now and returns its index (0, 1, ... in order). Unknown id: KeyNotFoundException.</summary>
    Task<int> BeginStepAsync(string id, string name, string? message, CancellationToken ct = default);

    /// <summary>
    /// Updates a step: its state, message, data, and the end time when it is no longer Running. A null message or
    /// data keeps the stored one (a state change must not lose what the step learned). Unknown step: KeyNotFoundException.
    /// </summary>
    Task UpdateStepAsync(string id, int index, StepState state, string? message, string? data, CancellationToken ct = default);

    /// <summary>
    /// Ends the operation in <paramref name="state"/> (a finished state) with an outcome a person can act on; the
    /// environment is free again. An operation ends once: a finished one throws InvalidOperationException.
    /// </summary>
    Task FinishAsync(string id, OperationState state, string outcome, CancellationToken ct = default);

    /// <summary>Asks a running job to stop at its next safe point; false when the operation is not active.</summary>
    Task<bool> RequestCancelAsync(string id, CancellationToken ct = default);
}
