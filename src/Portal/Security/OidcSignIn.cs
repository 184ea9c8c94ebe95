using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Portal.Security;

/// <summary>
/// Sign-in with an OpenID Connect provider: authorization code with PKCE, the ID token checked (issuer, audience,
/// signature, lifetime, nonce) by ASP.NET Core's handler, roles from the configured groups claim, the session in the
/// portal's own cookie. Every refusal ends on the sign-in page with a sentence saying why (<see cref="Failures"/>).
/// </summary>
public static class OidcSignIn
{
    public const string Scheme = OpenIdConnectDefaults.AuthenticationScheme;
    public const string ChallengePath = "/signin/oidc";
    public const string Source = "oidc";

    /// <summary>Why a sign-in was refused: the code in /signin?failed=… and the sentence the page shows.</summary>
    public static readonly IReadOnlyDictionary<string, string> Failures = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["issuer"] = "The identity provider's answer came from an issuer this portal does not trust. Nothing was signed in.",
        ["audience"] = "The identity token was issued for another application, not this portal. Nothing was signed in.",
        ["code"] = "The provider refused the sign-in code: it was already used or has expired. Start again from the sign-in button.",
        ["no-role"] = "You signed in at the identity provider, but none of your groups is mapped to a portal role. Ask the platform team to add your group " +
            "to Viewer or Operator.",
        ["expired"] = "The sign-in took too long or was started in another browser tab. Start again from the sign-in button.",
        ["denied"] = "The identity provider did not sign you in.",
        ["failed"] = "Sign-in with the identity provider failed. Try again; if it keeps failing, the platform team can see why in the portal's log.",
    };

    public static bool IsEnabled(IConfiguration configuration) =>
        configuration.GetSection(OidcOptions.Section).Get<OidcOptions>()?.Enabled == true;

    public static AuthenticationBuilder AddPortalOidc(this AuthenticationBuilder auth, IConfiguration configuration)
    {
        if (!IsEnabled(configuration)) return auth;
        auth.Services.AddSingleton<IConfigureOptions<OpenIdConnectOptions>, ConfigureOidc>();
        return auth.AddOpenIdConnect(Scheme, _ => { });
    }

    /// <summary>Mapped whether or not OpenID Connect is configured, so the anonymous routes are the same list in every setup.</summary>
    public static WebApplication MapPortalOidc(this WebApplication app)
    {
        var enabled = IsEnabled(app.Configuration);
        app.MapGet(ChallengePath, (string? returnUrl) => enabled
                ? Results.Challenge(new AuthenticationProperties { RedirectUri = returnUrl is { } url && IsLocalUrl(url) ? url : "/" }, [Scheme])
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Single sign-on is not configured",
                    detail: $"Set {OidcOptions.Section} (Authority, ClientId, RoleGroups) and {OidcOptions.ClientSecretKey} to sign in with an OpenID " +
                        $"Connect provider."))
            .AllowAnonymous();
        return app;
    }

    /// <summary>
    /// Sign-out from a provider session: the provider's end_session_endpoint when its metadata has one (the answer
    /// then goes to the provider and back to the sign-in page); null when it has none, so only the portal's cookie ends.
    /// </summary>
    public static async Task<IResult?> ProviderSignOutAsync(HttpContext http)
    {
        if (http.User.FindFirst(PortalClaims.Source)?.Value != Source) return null;
        var options = http.RequestServices.GetService<IOptionsMonitor<OpenIdConnectOptions>>()?.Get(Scheme);
        if (options?.ConfigurationManager is null) return null;
        OpenIdConnectConfiguration metadata;
        try
        {
            metadata = await options.ConfigurationManager.GetConfigurationAsync(http.RequestAborted);
        }
        catch (InvalidOperationException e)
        {
            // The provider is unreachable: the portal's session still ends; the provider's stays until it expires.
            http.RequestServices.GetRequiredService<ILogger<OidcOptions>>().LogWarning(e, "Could not read the OpenID provider's metadata to sign out there");
            return null;
        }
        if (string.IsNullOrEmpty(metadata.EndSessionEndpoint)) return null;
        return Results.SignOut(new AuthenticationProperties { RedirectUri = SecurityExtensions.SignInPath + "?signedOut=1" },
            [CookieAuthenticationDefaults.AuthenticationScheme, Scheme]);
    }

    /// <summary>The provider's origin (scheme, host, port) where its end_session_endpoint is; empty when OpenID Connect is off.</summary>
    public static string FormActionOrigin(IConfiguration configuration) =>
        IsEnabled(configuration) && Uri.TryCreate(configuration[$"{OidcOptions.Section}:{nameof(OidcOptions.Authority)}"], UriKind.Absolute, out var authority)
            ? authority.GetLeftPart(UriPartial.Authority) : "";

    private static bool IsLocalUrl(string url) => url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal)
        && !url.StartsWith("/\\", StringComparison.Ordinal);

    /// <summary>The failure code for what the handler threw.</summary>
    public static string Classify(Exception? failure) => failure switch
    {
        SecurityTokenInvalidIssuerException => "issuer",
        SecurityTokenInvalidAudienceException => "audience",
        NoPortalRoleException => "no-role",
        OpenIdConnectProtocolException e when e.Message.Contains("invalid_grant", StringComparison.Ordinal) => "code",
        OpenIdConnectProtocolException e when e.Message.Contains("access_denied", StringComparison.Ordinal) => "denied",
        AuthenticationFailureException e when e.Message.Contains("Correlation failed", StringComparison.Ordinal) => "expired",
        _ when failure?.InnerException is { } inner && inner != failure => Classify(inner),
        _ => "failed",
    };

    private sealed class NoPortalRoleException(string message) : Exception(message);

    private sealed class ConfigureOidc(IOptions<AuthOptions> auth, ILogger<ConfigureOidc> logger) : IConfigureNamedOptions<OpenIdConnectOptions>
    {
        public void Configure(OpenIdConnectOptions options) => Configure(Options.DefaultName, options);

        public void Configure(string? name, OpenIdConnectOptions o)
        {
            if (name != Scheme) return;
            var c = auth.Value.Oidc;
            o.Authority = c.Authority;
            o.ClientId = c.ClientId;
            o.ClientSecret = c.ClientSecret;
            o.RequireHttpsMetadata = c.RequireHttpsMetadata;
            o.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            o.SignOutScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            o.ResponseType = OpenIdConnectResponseType.Code;
            // Query, not form_post: the answer comes back as a top-level GET, so the correlation and nonce cookies
            // can stay SameSite=Lax and need no Secure flag on a loopback http portal.
            o.ResponseMode = OpenIdConnectResponseMode.Query;
            o.UsePkce = true;
            o.MapInboundClaims = false;
            o.GetClaimsFromUserInfoEndpoint = false;
            // Only the ID token is kept (below), as the id_token_hint for sign-out; access and refresh tokens are not needed.
            o.SaveTokens = false;
            o.Scope.Clear();
            foreach (var scope in c.EffectiveScopes) o.Scope.Add(scope);
            o.CorrelationCookie.SameSite = SameSiteMode.Lax;
            o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.NonceCookie.SameSite = SameSiteMode.Lax;
            o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.TokenValidationParameters.NameClaimType = c.NameClaim;
            o.TokenValidationParameters.ClockSkew = auth.Value.ClockSkew;
            o.Events = new OpenIdConnectEvents
            {
                OnTokenValidated = async ctx =>
                {
                    var claims = ctx.Principal?.Claims.ToList() ?? [];
                    var user = claims.FirstOrDefault(x => x.Type == c.NameClaim)?.Value
                        ?? claims.FirstOrDefault(x => x.Type == "preferred_username")?.Value
                        ?? claims.FirstOrDefault(x => x.Type == "sub")?.Value ?? "unknown";
                    var roles = c.RolesFor(Groups(claims, c.RolesClaim));
                    if (roles.Count == 0)
                    {
                        await ctx.HttpContext.AuditSignInAsync(user, succeeded: false, $"OpenID Connect: no group in '{c.RolesClaim}' is mapped to a role");
                        ctx.Fail(new NoPortalRoleException($"{user} has no group mapped to a portal role."));
                        return;
                    }
                    ctx.Principal = PortalRoles.Principal(user, roles, CookieAuthenticationDefaults.AuthenticationScheme, Source);
                    ctx.Properties!.StoreTokens([new AuthenticationToken { Name = OpenIdConnectParameterNames.IdToken, Value = ctx.SecurityToken.RawData }]);
                    await ctx.HttpContext.AuditSignInAsync(user, succeeded: true, $"OpenID Connect; roles: {string.Join(", ", roles)}");
                },
                OnRemoteFailure = async ctx =>
                {
                    var code = Classify(ctx.Failure);
                    // A missing role was audited with the user's name above; the others are refused before anyone is known.
                    if (code != "no-role") await ctx.HttpContext.AuditSignInAsync("unknown", succeeded: false, $"OpenID Connect refused: {code}");
                    logger.LogWarning(ctx.Failure, "OpenID Connect sign-in refused ({Code})", code);
                    ctx.Response.Redirect($"{SecurityExtensions.SignInPath}?failed={code}");
                    ctx.HandleResponse();
                },
            };
        }

        /// <summary>Groups as separate claims (a JSON array in the token) or, as some providers send them, comma-separated.</summary>
        private static IEnumerable<string> Groups(IEnumerable<Claim> claims, string type) =>
            claims.Where(x => x.Type == type).SelectMany(x => x.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
    }
}
