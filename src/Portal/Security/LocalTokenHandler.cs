using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Portal.Security;

/// <summary>Local mode: <c>Authorization: Bearer &lt;PORTAL_LOCAL_TOKEN&gt;</c> signs a script in as Operator for that request.</summary>
public sealed class LocalTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    LocalSignIn signIn) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "LocalToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        if (signIn.IsFixedToken(header["Bearer ".Length..].Trim()))
            return AuthenticateResult.Success(new AuthenticationTicket(
                PortalRoles.Principal("local-token", [PortalRoles.Operator], SchemeName, "local-token"), SchemeName));
        await Context.AuthSignInFailureOnceAsync("bearer", "unknown bearer token");
        return AuthenticateResult.Fail("The bearer token is not valid.");
    }
}

internal static class AuthFailureAudit
{
    private const string Key = "portal.auth-failure-audited";

    /// <summary>
    /// A request may be authenticated more than once (authorization, then challenge); counted once. Bearer failures
    /// are counted per source and audited as counts (<see cref="BearerFailures"/>); others are audited as they come.
    /// </summary>
    public static async ValueTask AuthSignInFailureOnceAsync(this HttpContext http, string actor, string detail)
    {
        if (!http.Items.TryAdd(Key, true)) return;
        if (string.Equals(actor, "bearer", StringComparison.OrdinalIgnoreCase))
            await http.RequestServices.GetRequiredService<BearerFailures>().FailedAsync(BearerFailureLimitMiddleware.SourceOf(http), detail);
        else
            await http.AuditSignInAsync(actor, succeeded: false, detail);
    }
}
