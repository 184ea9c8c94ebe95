using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Portal.Core.Audit;
using Portal.Data;

namespace Portal.Security;

/// <summary>
/// Makes the portal's cookie revocable: every cookie sign-in (sign-in link, password, OpenID Connect) gets a session
/// row whose id rides in the cookie, and a cookie whose session is missing, revoked or expired is refused. A
/// session's state is cached for <see cref="CacheFor"/> per id so a page's requests are not a query each: another
/// portal instance sees a revocation within that time; this one, at once (it drops the entry it revokes).
/// </summary>
public sealed class ServerSessions(SqlSessionStore store, IMemoryCache cache, TimeProvider clock, IOptions<AuthOptions> auth)
{
    public const string EverywherePath = "/signout/everywhere";
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    public static void Hook(CookieAuthenticationEvents events)
    {
        events.OnSigningIn = ctx => ctx.Principal is { } p ? Of(ctx.HttpContext).StartAsync(p, ctx.HttpContext.RequestAborted) : Task.CompletedTask;
        events.OnValidatePrincipal = async ctx =>
        {
            if (await Of(ctx.HttpContext).IsLiveAsync(ctx.Principal, ctx.HttpContext.RequestAborted)) return;
            ctx.RejectPrincipal();
            await ctx.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        };
        events.OnCheckSlidingExpiration = ctx => ctx.ShouldRenew && ctx.Principal is { } p
            ? Of(ctx.HttpContext).ExtendAsync(p, ctx.HttpContext.RequestAborted) : Task.CompletedTask;
        events.OnSigningOut = ctx => Of(ctx.HttpContext).RevokeAsync(ctx.HttpContext.User, ctx.HttpContext.RequestAborted);
    }

    /// <summary>Ends every live session of the signed-in user, this one included; audited with how many ended.</summary>
    public static async Task<IResult> SignOutEverywhereAsync(HttpContext http)
    {
        var user = http.User.Identity?.Name;
        if (user is null || http.User.FindFirst(PortalClaims.Session) is null)
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "No browser session to end",
                detail: "Sign out everywhere ends the sessions of a user signed in with a browser cookie; token and proxy sign-ins have none.");
        var sessions = Of(http);
        var ended = await sessions.RevokeAllAsync(user, http.RequestAborted);
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        await http.RequestServices.GetRequiredService<IAuditLog>().RecordAsync(new AuditEvent(sessions.Now, user,
            AuditActions.SignOutEverywhere, AuditOutcomes.Succeeded, http.Connection.RemoteIpAddress?.ToString(),
            Detail: $"{ended.Count} session(s) ended"));
        return Results.Redirect(SecurityExtensions.SignInPath + "?signedOut=1");
    }

    private DateTimeOffset Now => clock.GetUtcNow();

    private async Task<IReadOnlyList<string>> RevokeAllAsync(string user, CancellationToken ct)
    {
        var ended = await store.RevokeAllAsync(user, clock.GetUtcNow(), ct);
        foreach (var id in ended) cache.Remove(CacheKey(id));
        return ended;
    }

    private static ServerSessions Of(HttpContext http) => http.RequestServices.GetRequiredService<ServerSessions>();

    private static string CacheKey(string id) => "portal.session:" + id;

    private async Task StartAsync(ClaimsPrincipal principal, CancellationToken ct)
    {
        if (principal.Identity is not ClaimsIdentity identity || identity.Name is not { } user) return;
        var now = clock.GetUtcNow();
        var id = await store.CreateAsync(user, now, now + auth.Value.SessionLifetime, ct);
        identity.AddClaim(new Claim(PortalClaims.Session, id));
    }

    private async Task<bool> IsLiveAsync(ClaimsPrincipal? principal, CancellationToken ct)
    {
        if (principal?.FindFirst(PortalClaims.Session)?.Value is not { } id) return false;
        if (cache.TryGetValue(CacheKey(id), out bool live)) return live;
        live = await store.IsLiveAsync(id, clock.GetUtcNow(), ct);
        cache.Set(CacheKey(id), live, CacheFor);
        return live;
    }

    private Task ExtendAsync(ClaimsPrincipal principal, CancellationToken ct) =>
        principal.FindFirst(PortalClaims.Session)?.Value is { } id
            ? store.ExtendAsync(id, clock.GetUtcNow() + auth.Value.SessionLifetime, ct) : Task.CompletedTask;

    private async Task RevokeAsync(ClaimsPrincipal principal, CancellationToken ct)
    {
        if (principal.FindFirst(PortalClaims.Session)?.Value is not { } id) return;
        await store.RevokeAsync(id, clock.GetUtcNow(), ct);
        cache.Remove(CacheKey(id));
    }
}
