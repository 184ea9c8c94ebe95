using Portal.Core.Audit;

namespace Portal.Security;

/// <summary>Audits from a request: its user, its client address, the app's clock. The log itself is Data's (AddPortalData).</summary>
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
