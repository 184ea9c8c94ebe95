namespace Portal.Core.Audit;

/// <summary>
/// One audited event: who did what to which target, from where, and how it ended. Never holds a credential:
/// a refused sign-in names the user it claimed to be and why it was refused, not what was presented.
/// </summary>
public sealed record AuditEvent(
    DateTimeOffset At,
    string Actor,
    string Action,
    string Outcome,
    string? SourceAddress,
    string? Target = null,
    string? Detail = null);

public static class AuditActions
{
    public const string SignIn = "sign-in";
    public const string SignOut = "sign-out";
    public const string SignOutEverywhere = "sign-out-everywhere";
    public const string Deploy = "deploy";
    public const string Rollback = "rollback";
    public const string Rebalance = "rebalance";
    public const string Pause = "pause";
    public const string Resume = "resume";
    public const string Drill = "drill";
    public const string Migrate = "migrate";
    public const string Cancel = "cancel";
    public const string Retry = "retry";
    public const string ScheduleSaved = "schedule-saved";
    public const string ScheduleDeleted = "schedule-deleted";
    public const string ScheduleRunNow = "schedule-run-now";
}

public static class AuditOutcomes
{
    public const string Succeeded = "succeeded";
    public const string Refused = "refused";
    /// <summary>An action accepted and queued as a job; the job's own end is audited as succeeded or failed.</summary>
    public const string Queued = "queued";
    public const string Failed = "failed";
    /// <summary>A scheduled drill due while no portal ran: recorded, never run late.</summary>
    public const string Missed = "missed";
}

/// <summary>Filters for the audit page; null matches everything.</summary>
public sealed record AuditQuery(string? Actor = null, string? Action = null, string? Target = null, int Page = 1, int PageSize = 50);

/// <summary>The audit trail's port: every sign-in and every action, persisted with the portal's records.</summary>
public interface IAuditLog
{
    ValueTask RecordAsync(AuditEvent entry, CancellationToken ct = default);

    /// <summary>Newest first.</summary>
    Task<IReadOnlyList<AuditEvent>> QueryAsync(AuditQuery query, CancellationToken ct = default);
}
