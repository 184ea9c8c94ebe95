using Portal.Core.Audit;
using Portal.Core.Operations;

namespace Portal.Jobs;

/// <summary>Ends an operation's record, audits how it ended, and tells the configured webhook.</summary>
public sealed class OperationFinisher(IOperationStore store, IAuditLog audit, JobNotifier notifier, TimeProvider time)
{
    public async Task FinishAsync(OperationRecord record, OperationState state, string outcome)
    {
        await store.FinishAsync(record.Id, state, outcome, CancellationToken.None);
        Core.Telemetry.PortalTelemetry.JobFinished(record, state, time.GetUtcNow());
        await audit.RecordAsync(new AuditEvent(time.GetUtcNow(), record.RequestedBy, OperationQueue.ActionOf(record.Kind),
            state == OperationState.Succeeded ? AuditOutcomes.Succeeded : AuditOutcomes.Failed, record.Request.SourceAddress,
            $"{record.Environment} {record.Id}", $"{state}: {outcome}"), CancellationToken.None);
        await notifier.NotifyAsync(record with { State = state, Outcome = outcome });
    }
}
