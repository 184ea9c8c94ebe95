using Portal.Core.Audit;
using Portal.Core.Operations;
using Portal.Core.Status;
using Hangfire;
using Portal.Topology;

namespace Portal.Jobs;

/// <summary>
/// The one way in for every action, from a page, the JSON API or a schedule: validate, record the operation (one
/// active per environment, enforced by the store), hand it to Hangfire, and audit it.
/// Nothing is queued or changed when validation refuses.
/// </summary>
public sealed class OperationQueue(
    IOperationStore store,
    IOperationLeases leases,
    IBackgroundJobClient jobs,
    TopologySource topology,
    StatusBoard board,
    IAuditLog audit,
    TimeProvider time,
    ILogger<OperationQueue> logger)
{
    public async Task<OperationRecord> SubmitAsync(OperationRequest request, string? confirmEnvironment, CancellationToken ct = default)
    {
        request = RequestNames.Canonical(request, topology.Current);
        var errors = OperationRules.Validate(request, topology.Current, confirmEnvironment);
        if (errors.Count == 0) await AddStateErrorsAsync(request, errors, ct);
        if (errors.Count > 0)
        {
            await AuditAsync(request, AuditOutcomes.Refused, string.Join(" ", errors.SelectMany(e => e.Value)), null, ct);
            throw new OperationValidationException(errors);
        }

        OperationRecord record;
        try
        {
            record = await store.CreateAsync(request, ct);
        }
        catch (EnvironmentBusyException busy)
        {
            await AuditAsync(request, AuditOutcomes.Refused, busy.Message, busy.ActiveOperationId, ct);
            throw;
        }

        try
        {
            await ScheduleAsync(record.Id, ct);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Could not hand operation {OperationId} to the job scheduler", record.Id);
            await store.FinishAsync(record.Id, OperationState.Failed, $"Not started: the job scheduler refused it ({ex.Message}). Nothing was changed.",
                CancellationToken.None);
            throw;
        }
        await AuditAsync(request, AuditOutcomes.Queued, request.Describe(), record.Id, ct);
        return record;
    }

    /// <summary>
    /// Hands a recorded operation to Hangfire, to run now, and records the job's id with the operation (what
    /// <see cref="OperationRecovery"/> checks, and what the Jobs page links to). Also how a recorded operation whose
    /// job is gone is handed over again.
    /// </summary>
    public async Task ScheduleAsync(string operationId, CancellationToken ct = default)
    {
        var jobId = jobs.Enqueue<OperationJob>(j => j.RunAsync(operationId, null, CancellationToken.None));
        await leases.SetJobAsync(operationId, jobId, CancellationToken.None);
    }

    /// <summary>Runs a failed, cancelled or interrupted operation again as a new operation, asked for by <paramref name="requestedBy"/>.</summary>
    public async Task<OperationRecord> RetryAsync(string id, string requestedBy, string? sourceAddress, string? confirmEnvironment,
        CancellationToken ct = default)
    {
        var old = await store.GetAsync(id, ct) ?? throw new OperationValidationException(new Dictionary<string, string[]> { ["id"] = [$"No operation {id}."] });
        if (!old.IsFinished || old.State == OperationState.Succeeded)
            throw new OperationValidationException(new Dictionary<string,
                string[]> { ["id"] = [$"Operation {id} is {old.State}; only a failed, cancelled or interrupted operation can be retried."] });
        return await SubmitAsync(old.Request with { RequestedBy = requestedBy, SourceAddress = sourceAddress, RetryOf = id, Expected = null },
            confirmEnvironment, ct);
    }

    /// <summary>Asks a queued or running operation to stop at its next safe point; false when it has already ended.</summary>
    public async Task<bool> CancelAsync(string id, string requestedBy, string? sourceAddress, CancellationToken ct = default)
    {
        var accepted = await store.RequestCancelAsync(id, ct);
        var record = await store.GetAsync(id, ct);
        await audit.RecordAsync(new AuditEvent(time.GetUtcNow(), requestedBy, AuditActions.Cancel, accepted ? AuditOutcomes.Succeeded : AuditOutcomes.Refused,
            sourceAddress, record is null ? id : $"{record.Environment} {id}", accepted ? "cancel requested" : "the operation is not running"), ct);
        return accepted;
    }

    // Checks that need the world, not just the input: the dashboard's snapshot (no AWS call), the portal's own records.
    private async Task AddStateErrorsAsync(OperationRequest request, Dictionary<string, string[]> errors, CancellationToken ct)
    {
        var env = topology.Current.Find(request.Environment)!;
        var status = board.Find(env.Name);
        var healthy = status?.Regions.ToDictionary(r => r.Region, IsServing) ?? [];
        if (request.Expected is not null)
            foreach (var (field, messages) in ExpectedState.Check(request.Expected, status)) errors[field] = messages;
        switch (request.Kind)
        {
            case OperationKind.Rebalance when status is not null:
                var refusal = RebalanceGuardrails.Refusal(request.Weights!, healthy, request.AllowAllZero);
                if (refusal is not null) errors["weights"] = [$"Refused: {refusal}"];
                break;
            case OperationKind.Pause when request.Region is not null && status is not null:
                var others = env.Regions.Where(r => r.Region != request.Region).Select(r => r.Region).ToList();
                if (healthy.GetValueOrDefault(request.Region, true) && others.All(o => !healthy.GetValueOrDefault(o, true)))
                    errors["region"] = [$"Refused: {request.Region} is the only healthy region of {env.Name}; pausing it would leave nothing serving. Pause " +
                        $"the whole environment if that is what you want."];
                break;
            case OperationKind.Rollback:
                if (await RollbackPlan.PreviousImagesAsync(store, env, ct) is null)
                    errors["environment"] = [$"The portal has no record of a deployment of {env.Name}, so there is no previous image to return to."];
                break;
        }
    }

    /// <summary>
    /// Serving, for the guardrails: Route 53 trusts it (or has not been read yet) and App Runner is not paused (a
    /// paused region fails its checks moments later).
    /// </summary>
    public static bool IsServing(RegionStatus region) =>
        (region.HealthCheck.Value?.IsHealthy ?? true) && region.Service.Value?.Status != Core.Services.ServiceStatus.Paused;

    private ValueTask AuditAsync(OperationRequest request, string outcome, string detail, string? operationId, CancellationToken ct) =>
        audit.RecordAsync(new AuditEvent(time.GetUtcNow(), request.RequestedBy, ActionOf(request.Kind), outcome, request.SourceAddress,
            operationId is null ? request.Environment : $"{request.Environment} {operationId}", detail), ct);

    public static string ActionOf(OperationKind kind) => kind switch
    {
        OperationKind.Deploy => AuditActions.Deploy,
        OperationKind.Rollback => AuditActions.Rollback,
        OperationKind.Rebalance => AuditActions.Rebalance,
        OperationKind.Pause => AuditActions.Pause,
        OperationKind.Drill => AuditActions.Drill,
        OperationKind.Migrate => AuditActions.Migrate,
        _ => AuditActions.Resume,
    };
}
