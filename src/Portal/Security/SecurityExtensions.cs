using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Portal.Core.Audit;
using Portal.Topology;

using Portal.Hosting;

namespace Portal.Security;

/// <summary>
/// Access control, once for the whole portal. Every endpoint, present and future, needs a signed-in user
/// (the fallback policy); a mutating method needs Operator (<see cref="RoleForMethodRequirement"/>). The only
/// anonymous endpoints are <see cref="AnonymousEndpoints"/>, marked AllowAnonymous where they are mapped; static
/// files are served before routing and are public.
/// </summary>
public static class SecurityExtensions
{
    public const string PortalScheme = "Portal";
    public const string SignInRateLimit = "signin";
    public const string SignInPath = "/signin";
    public const string SignOutPath = "/signout";

    /// <summary>The routes anyone may reach; the security tests hold the app to this list.</summary>
    public static readonly IReadOnlyList<string> AnonymousEndpoints = ["/healthz", SignInPath, SignOutPath, OidcSignIn.ChallengePath];

    public static IServiceCollection AddPortalSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        var local = PortalModes.IsLocal(configuration);
        // Hosting's "Request starting" line holds the whole URL, and the sign-in link's token is in the query string.
        // Pinned in code: a category rule this specific wins over Logging:LogLevel settings for "Microsoft.AspNetCore".
        services.AddLogging(b => b.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning));
        services.AddValidatedOptions<AuthOptions>(AuthOptions.Section, o => o.Problems(local))
            .Configure<IConfiguration>((o, c) =>
            {
                o.LocalToken ??= c[AuthOptions.LocalTokenKey];
                o.Oidc.ClientSecret = c[OidcOptions.ClientSecretKey];
            });
        // IAuditLog, which sign-in and sign-out record to, is AddPortalData's: persisted with the portal's records.
        services.AddSingleton<LocalPasswords>();
        services.AddSingleton<TokenKeys>();
        services.AddHttpClient(TokenKeys.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(5));
        services.AddSingleton<SuccessfulSignIns>();
        services.AddSingleton<BearerFailures>();
        services.AddMemoryCache();
        services.AddSingleton<ServerSessions>();
        services.AddSingleton(sp => new LocalSignIn(sp.GetRequiredService<IOptions<AuthOptions>>(), enabled: local));
        if (local) services.AddHostedService<LocalSignInAnnouncer>();

        services.AddAuthentication(PortalScheme)
            .AddPolicyScheme(PortalScheme, "Portal", o => o.ForwardDefaultSelector = SelectScheme)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, o =>
            {
                o.Cookie.Name = "portal.auth";
                o.Cookie.HttpOnly = true;
                // Lax, not Strict: a link to the portal from chat or a ticket opens signed in. Cross-site posts carry
                // no cookie under Lax, and every post needs an antiforgery token besides.
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.LoginPath = SignInPath;
                o.ReturnUrlParameter = "returnUrl";
                o.SlidingExpiration = true;
                o.Events.OnRedirectToLogin = ctx =>
                {
                    if (WantsJson(ctx.Request)) ctx.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    // Relative: the absolute form is built from the request's Host header, which the client chooses.
                    else ctx.Response.Redirect(Uri.TryCreate(ctx.RedirectUri, UriKind.Absolute, out var absolute) ? absolute.PathAndQuery : ctx.RedirectUri);
                    return Task.CompletedTask;
                };
                ServerSessions.Hook(o.Events);
                o.Events.OnRedirectToAccessDenied = ctx =>
                {
                    ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
            })
            .AddScheme<AuthenticationSchemeOptions, LocalTokenHandler>(LocalTokenHandler.SchemeName, null)
            .AddJwtBearer(ConfigureTokenSchemes.Bearer, _ => { })
            .AddJwtBearer(ConfigureTokenSchemes.Proxy, _ => { })
            .AddPortalOidc(configuration);
        services.AddSingleton<IConfigureOptions<Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerOptions>, ConfigureTokenSchemes>();
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>>((o, a) => o.ExpireTimeSpan = a.Value.SessionLifetime);

        var byMethod = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().AddRequirements(new RoleForMethodRequirement()).Build();
        services.AddSingleton<IAuthorizationHandler, RoleForMethodHandler>();
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(byMethod)
            .SetDefaultPolicy(byMethod)
            .AddPolicy(PortalPolicies.Viewer, byMethod)
            .AddPolicy(PortalPolicies.Operator, p => p.RequireAuthenticatedUser().RequireRole(PortalRoles.Operator));

        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "portal.antiforgery";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.HeaderName = "X-CSRF-TOKEN";
        });

        services.AddRateLimiter(o =>
        {
            o.AddPolicy(SignInRateLimit, http =>
            {
                // Showing the form is free; a password post or a token link is an attempt.
                if (HttpMethods.IsGet(http.Request.Method) && !http.Request.Query.ContainsKey("token")) return RateLimitPartition.GetNoLimiter("view");
                var permits = http.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.SignInAttemptsPerMinute;
                return RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            });
            o.OnRejected = async (ctx, ct) =>
            {
                var retry = ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
                ctx.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                ctx.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds))
                    .ToString(System.Globalization.CultureInfo.InvariantCulture);
                await ctx.HttpContext.AuditSignInAsync("unknown", succeeded: false, "too many sign-in attempts");
                await ctx.HttpContext.Response.WriteAsync("Too many sign-in attempts; try again later.", ct);
            };
        });

        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // App Runner and the ALB have no fixed addresses; the portal is reachable only through them (trust is configurable).
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
            o.ForwardLimit = 1;
        });
        return services;
    }

    /// <summary>
    /// Forwarded headers, security headers first (so every response has them, static files included); the rest after
    /// routing: rate limits and authorization read the endpoint.
    /// </summary>
    public static WebApplication UsePortalSecurityHeaders(this WebApplication app)
    {
        // Read from configuration, not the validated options: resolving those here would report their problems alone,
        // ahead of start-up validation's complete list.
        var trust = app.Configuration.GetValue<bool?>($"{AuthOptions.Section}:{nameof(AuthOptions.TrustForwardedHeaders)}");
        if (trust ?? !PortalModes.IsLocal(app.Configuration)) app.UseForwardedHeaders();
        app.UseMiddleware<SecurityHeadersMiddleware>(OidcSignIn.FormActionOrigin(app.Configuration));
        return app;
    }

    public static WebApplication UsePortalAccessControl(this WebApplication app)
    {
        app.UseRateLimiter();
        app.UseMiddleware<BearerFailureLimitMiddleware>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<UnsafeMethodAntiforgeryMiddleware>();
        app.MapPost(SignOutPath, (Delegate)SignOutAsync).AllowAnonymous();
        // An operator action like every other post (the fallback policy): it ends the operator's own sessions only.
        app.MapPost(ServerSessions.EverywherePath, (Delegate)ServerSessions.SignOutEverywhereAsync);
        app.MapPortalOidc();
        return app;
    }

    private static async Task<IResult> SignOutAsync(HttpContext http)
    {
        var user = http.User.Identity?.Name;
        var atProvider = await OidcSignIn.ProviderSignOutAsync(http);
        if (atProvider is null) await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        if (user is not null)
            await http.RequestServices.GetRequiredService<IAuditLog>().RecordAsync(new AuditEvent(
                http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow(), user, AuditActions.SignOut, AuditOutcomes.Succeeded,
                http.Connection.RemoteIpAddress?.ToString()));
        return atProvider ?? Results.Redirect(SignInPath);
    }

    /// <summary>A proxy's header wins (it comes with every browser request); then a bearer; else the cookie.</summary>
    private static string SelectScheme(HttpContext http)
    {
        var auth = http.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value;
        if (auth.ProxyHeaderEnabled && http.Request.Headers.ContainsKey(auth.ProxyHeader!)) return ConfigureTokenSchemes.Proxy;
        var header = http.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return auth.BearerEnabled && header.Count(c => c == '.') == 2 ? ConfigureTokenSchemes.Bearer : LocalTokenHandler.SchemeName;
        return CookieAuthenticationDefaults.AuthenticationScheme;
    }

    /// <summary>Scripts and the dashboard's fetches get 401; a browser navigating gets the sign-in page.</summary>
    public static bool WantsJson(HttpRequest request) =>
        request.Path.StartsWithSegments("/api")
        || (request.Headers.Accept.Count > 0 && !request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase));

    /// <summary>Bearer requests come from scripts, which a cross-site page cannot make send the header.</summary>
    public static bool IsScriptBearer(HttpRequest request, AuthOptions auth) =>
        !auth.ProxySendsAuthorization && request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// Antiforgery for every POST, PUT, PATCH and DELETE, whatever maps it (Razor Pages validate their own forms as well):
/// a minimal-API action added later is covered without a filter. Exempt: script bearer requests, and endpoints that
/// opt out with <c>.DisableAntiforgery()</c> (say why where you do). Forms send the token as a hidden field (the
/// form tag helper adds it); fetch() sends it in X-CSRF-TOKEN.
/// </summary>
public sealed class UnsafeMethodAntiforgeryMiddleware(RequestDelegate next, IAntiforgery antiforgery, IOptions<AuthOptions> auth)
{
    public async Task InvokeAsync(HttpContext http)
    {
        var method = http.Request.Method;
        var optedOut = http.GetEndpoint()?.Metadata.GetMetadata<IAntiforgeryMetadata>() is { RequiresValidation: false };
        // A bearer header alone proves nothing (an invalid one reached /signout, which allows anonymous posts): only a
        // bearer that authenticated is a script's request that a cross-site page could not have made.
        var scriptBearer = SecurityExtensions.IsScriptBearer(http.Request, auth.Value) && http.User.Identity?.IsAuthenticated == true;
        if (!RoleForMethodRequirement.IsReadOnly(method) && !optedOut && !scriptBearer)
        {
            try
            {
                await antiforgery.ValidateRequestAsync(http);
            }
            catch (AntiforgeryValidationException)
            {
                await Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Missing or invalid antiforgery token",
                    detail: "Reload the page and try again.").ExecuteAsync(http);
                return;
            }
        }
        await next(http);
    }
}

/// <summary>The same headers on every response: pages, the API, static files, and error responses.</summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next, string signOutOrigin)
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    // The sign-out form's answer redirects to the OpenID provider's end_session_endpoint, and browsers hold form
    // redirects to form-action too: the provider's origin is allowed there, nothing else changes.
    private readonly string _policy = signOutOrigin.Length == 0 ? ContentSecurityPolicy
        : ContentSecurityPolicy.Replace("form-action 'self'", $"form-action 'self' {signOutOrigin}", StringComparison.Ordinal);

    /// <summary>
    /// Hangfire's dashboard (/hangfire) sets one fixed style attribute from its script; this allows that one by its hash
    /// ('unsafe-hashes' is what lets a hash cover an attribute) and nothing else. Scripts stay 'self' only.
    /// </summary>
    public const string JobsDashboardContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-hashes' 'sha256-z7zcnw/4WalZqx+PrNaRnoeLz/G9WXuFqV1WCJ129sg='; " +
        "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    public Task InvokeAsync(HttpContext http)
    {
        // Chosen here, by the path as it arrives: inside /hangfire's branch Request.Path no longer starts with it.
        var policy = http.Request.Path.StartsWithSegments(Jobs.JobsDashboard.Path) ? JobsDashboardContentSecurityPolicy : _policy;
        var https = http.Request.IsHttps;
        Apply(http.Response.Headers, policy, https);
        // Again as the response starts: an exception handler clears the headers of the response it replaces.
        http.Response.OnStarting(() =>
        {
            Apply(http.Response.Headers, policy, https);
            return Task.CompletedTask;
        });
        return next(http);
    }

    private static void Apply(IHeaderDictionary headers, string policy, bool https)
    {
        headers.ContentSecurityPolicy = policy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        // After forwarded headers: behind the proxy, IsHttps says what the browser used.
        if (https) headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
    }
}
