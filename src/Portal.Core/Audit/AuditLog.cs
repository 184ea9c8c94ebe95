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
}

public static class AuditOutcomes
{
    public const string Succeeded = "succeeded";
    public const string Refused = "refused";
}

/// <summary>The audit trail's port: sign-ins now, every operator action later (the operations issue persists it).</summary>
public interface IAuditLog
{
    ValueTask RecordAsync(AuditEvent entry, CancellationToken ct = default);

    /// <summary>Newest first.</summary>
    IReadOnlyList<AuditEvent> Recent(int max = 100);
}
