using System.Collections.Concurrent;
using Portal.Core.Audit;

namespace Portal.Security;

/// <summary>
/// For now the audit trail is the structured log plus the latest events in memory; the operations issue
/// persists it. Entries carry no credentials by construction (see <see cref="AuditEvent"/>).
/// </summary>
public sealed class LoggingAuditLog(ILogger<LoggingAuditLog> logger) : IAuditLog
{
    private const int Capacity = 1000;
    private readonly ConcurrentQueue<AuditEvent> _recent = new();

    public ValueTask RecordAsync(AuditEvent entry, CancellationToken ct = default)
    {
        _recent.Enqueue(entry);
        while (_recent.Count > Capacity) _recent.TryDequeue(out _);
        logger.LogInformation("Audit: {Action} {Outcome} for {Actor} from {SourceAddress} target {Target} ({Detail})",
            entry.Action, entry.Outcome, entry.Actor, entry.SourceAddress ?? "unknown", entry.Target ?? "-", entry.Detail ?? "");
        return ValueTask.CompletedTask;
    }

    public Task<IReadOnlyList<AuditEvent>> QueryAsync(AuditQuery query, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<AuditEvent>>([.. _recent.Reverse()
            .Where(e => (query.Actor is null || e.Actor == query.Actor) && (query.Action is null || e.Action == query.Action) && (query.Target is null || e.Target == query.Target))
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)]);
}

public static class AuditHttpExtensions
{
    public static ValueTask AuditSignInAsync(this HttpContext http, string actor, bool succeeded, string detail)
    {
        var audit = http.RequestServices.GetRequiredService<IAuditLog>();
        var time = http.RequestServices.GetRequiredService<TimeProvider>();
        return audit.RecordAsync(new AuditEvent(time.GetUtcNow(), actor, AuditActions.SignIn,
            succeeded ? AuditOutcomes.Succeeded : AuditOutcomes.Refused, http.Connection.RemoteIpAddress?.ToString(), Detail: detail), http.RequestAborted);
    }
}
