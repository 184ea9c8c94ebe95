using Portal.Core.Operations;

namespace Portal.Core.Tests.Operations;

/// <summary>
/// The portal's operation records and leases in memory, with the SQL store's rules (one active operation per environment,
/// an operation ends once, a lease confirmed only while it is the latest), for fast tests of the orchestration.
/// </summary>
internal sealed class InMemoryOperations(TimeProvider time) : IOperationStore, IOperationLeases
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, OperationRecord> _records = [];
    private readonly Dictionary<string, (string? JobId, string? Owner, long Lease)> _jobs = [];
    private int _next;

    public Task<OperationRecord> CreateAsync(OperationRequest request, CancellationToken ct = default)
    {
        lock (_gate)
        {
            if (_records.Values.FirstOrDefault(r => !r.IsFinished && r.Request.Environment == request.Environment) is { } active)
                throw new EnvironmentBusyException(request.Environment, active.Id);
            var record = new OperationRecord($"op-{++_next}", request, OperationState.Queued, time.GetUtcNow(), null, null, null, false, []);
            _records[record.Id] = record;
            return Task.FromResult(record);
        }
    }

    public Task<OperationRecord?> GetAsync(string id, CancellationToken ct = default)
    {
        lock (_gate) return Task.FromResult(_records.GetValueOrDefault(id));
    }

    public Task<OperationPage> ListAsync(OperationQuery query, CancellationToken ct = default)
    {
        lock (_gate)
        {
            var items = _records.Values.Where(r => query.Environment is null || r.Environment == query.Environment).Reverse().ToList();
            return Task.FromResult(new OperationPage(items, items.Count, 1, Math.Max(1, items.Count)));
        }
    }

    public Task<IReadOnlyList<OperationRecord>> RecentAsync(string environment, OperationKind kind, int max, CancellationToken ct = default)
    {
        lock (_gate) return Task.FromResult<IReadOnlyList<OperationRecord>>([.. _records.Values.Where(r => r.Environment == environment && r.Kind == kind)
            .Reverse().Take(max)]);
    }

    public Task<IReadOnlyList<OperationRecord>> ActiveAsync(CancellationToken ct = default)
    {
        lock (_gate) return Task.FromResult<IReadOnlyList<OperationRecord>>([.. _records.Values.Where(r => !r.IsFinished)]);
    }

    public Task MarkRunningAsync(string id, CancellationToken ct = default) =>
        Change(id, r => r with { State = OperationState.Running, StartedAt = r.StartedAt ?? time.GetUtcNow() });

    public Task<int> BeginStepAsync(string id, string name, string? message, CancellationToken ct = default)
    {
        lock (_gate)
        {
            var record = _records[id];
            var step = new OperationStep(record.Steps.Count, name, StepState.Running, message, time.GetUtcNow(), null, null);
            _records[id] = record with { Steps = [.. record.Steps, step] };
            return Task.FromResult(step.Index);
        }
    }

    public Task UpdateStepAsync(string id, int index, StepState state, string? message, string? data, CancellationToken ct = default)
    {
        lock (_gate)
        {
            var record = _records[id];
            var steps = record.Steps.ToList();
            var old = steps[index];
            steps[index] = old with { State = state, Message = message ?? old.Message, Data = data ?? old.Data, EndedAt = state == StepState.Running
                ? null : time.GetUtcNow() };
            _records[id] = record with { Steps = steps };
        }
        return Task.CompletedTask;
    }

    public Task FinishAsync(string id, OperationState state, string outcome, CancellationToken ct = default) =>
        Change(id, r => r with { State = state, Outcome = outcome, EndedAt = time.GetUtcNow() });

    public Task<bool> RequestCancelAsync(string id, CancellationToken ct = default)
    {
        lock (_gate)
        {
            if (!_records.TryGetValue(id, out var record) || record.IsFinished) return Task.FromResult(false);
            _records[id] = record with { CancelRequested = true };
            return Task.FromResult(true);
        }
    }

    public Task<OperationLease> TakeAsync(string operationId, string owner, string jobId, CancellationToken ct = default)
    {
        lock (_gate)
        {
            var lease = _jobs.GetValueOrDefault(operationId).Lease + 1;
            _jobs[operationId] = (jobId, owner, lease);
            return Task.FromResult(new OperationLease(owner, lease));
        }
    }

    public Task<bool> HoldsAsync(string operationId, OperationLease lease, CancellationToken ct = default)
    {
        lock (_gate)
            return Task.FromResult(_records.TryGetValue(operationId, out var record) && !record.IsFinished
                && _jobs.TryGetValue(operationId, out var job) && job.Owner == lease.Owner && job.Lease == lease.Generation);
    }

    public Task SetJobAsync(string operationId, string jobId, CancellationToken ct = default)
    {
        lock (_gate) _jobs[operationId] = _jobs.GetValueOrDefault(operationId) with { JobId = jobId };
        return Task.CompletedTask;
    }

    public Task<string?> JobOfAsync(string operationId, CancellationToken ct = default)
    {
        lock (_gate) return Task.FromResult(_jobs.GetValueOrDefault(operationId).JobId);
    }

    public Task<bool> TryReplaceJobAsync(string operationId, string? expected, string replacement, CancellationToken ct = default)
    {
        lock (_gate)
        {
            if (_jobs.GetValueOrDefault(operationId).JobId != expected) return Task.FromResult(false);
            _jobs[operationId] = _jobs.GetValueOrDefault(operationId) with { JobId = replacement };
            return Task.FromResult(true);
        }
    }

    private Task Change(string id, Func<OperationRecord, OperationRecord> change)
    {
        lock (_gate)
        {
            if (!_records.TryGetValue(id, out var record)) throw new KeyNotFoundException($"No operation has id '{id}'.");
            if (record.IsFinished) throw new InvalidOperationException($"Operation {id} is {record.State}.");
            _records[id] = change(record);
        }
        return Task.CompletedTask;
    }
}
