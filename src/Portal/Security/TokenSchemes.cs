using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Portal.Security;

/// <summary>The keys that sign proxy and bearer tokens: configured PEMs, and for the ALB header keys fetched by id from KeyUrlPattern.</summary>
public sealed class TokenKeys(IOptions<AuthOptions> options, IHttpClientFactory http, ILogger<TokenKeys> logger)
{
    /// <summary>The named HttpClient that fetches ALB keys.</summary>
    public const string HttpClientName = "portal-signing-keys";

    private readonly Lazy<IReadOnlyList<SecurityKey>> _configured = new(() => [.. options.Value.SigningKeys.Select(k => k.ToSecurityKey())]);
    private readonly ConcurrentDictionary<string, SecurityKey> _fetched = new(StringComparer.Ordinal);

    // Key ids come from unauthenticated requests: a missing one is not asked for again for a while, so random ids
    // cannot turn the portal into a request pump.
    private readonly ConcurrentDictionary<string, DateTimeOffset> _missing = new(StringComparer.Ordinal);

    public IEnumerable<SecurityKey> Resolve(string? kid)
    {
        foreach (var key in _configured.Value)
            if (key.KeyId is null || key.KeyId == kid) yield return key;
        if (kid is not null && _fetched.TryGetValue(kid, out var fetched)) yield return fetched;
    }

    /// <summary>ALB keys are published per key id; fetched once, before the (synchronous) validation looks for them.</summary>
    public async Task FetchIfUnknownAsync(string? kid, CancellationToken ct)
    {
        var pattern = options.Value.KeyUrlPattern;
        if (string.IsNullOrWhiteSpace(pattern) || string.IsNullOrEmpty(kid) || _fetched.ContainsKey(kid) || Resolve(kid).Any()) return;
        // A kid is attacker-chosen: only a plain identifier goes into the URL.
        if (kid.Length > 128 || !kid.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')) return;
        if (_missing.TryGetValue(kid, out var missedAt) && DateTimeOffset.UtcNow - missedAt < TimeSpan.FromMinutes(5)) return;
        try
        {
            var pem = await http.CreateClient(HttpClientName).GetStringAsync(pattern.Replace("{kid}", kid, StringComparison.Ordinal), ct);
            _fetched[kid] = new SigningKeyOptions { KeyId = kid, Pem = pem }.ToSecurityKey();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or CryptographicException or ArgumentException)
        {
            if (_missing.Count > 1000) _missing.Clear();
            _missing[kid] = DateTimeOffset.UtcNow;
            logger.LogWarning("Could not fetch signing key {KeyId}: {Error}", kid, e.GetType().Name);
        }
    }
}

/// <summary>
/// Two JwtBearer schemes on the same keys, issuer, audience and role mapping: "Bearer" reads <c>Authorization</c>
/// (the JSON API), "Proxy" reads the proxy's header (ALB <c>x-amzn-oidc-data</c>, or an oauth2-proxy style one).
/// </summary>
public sealed class ConfigureTokenSchemes(IOptions<AuthOptions> auth, TokenKeys keys, SuccessfulSignIns seen) : IConfigureNamedOptions<JwtBearerOptions>
{
    public const string Bearer = JwtBearerDefaults.AuthenticationScheme;
    public const string Proxy = "Proxy";

    public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);

    public void Configure(string? name, JwtBearerOptions o)
    {
        if (name is not (Bearer or Proxy)) return;
        var a = auth.Value;
        var proxy = name == Proxy;
        var alb = proxy && a.ProxyIsAlb;
        o.MapInboundClaims = false;
        o.IncludeErrorDetails = false;
        o.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = a.Issuer,
            ValidateIssuer = true,
            // The ALB's token has no aud: its header's client field is checked in OnTokenValidated instead.
            ValidAudience = a.Audience,
            ValidateAudience = !alb,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            ClockSkew = a.ClockSkew,
            IssuerSigningKeyResolver = (_, _, kid, _) => keys.Resolve(kid),
        };
        o.Events = new JwtBearerEvents
        {
            OnMessageReceived = async ctx =>
            {
                if (!proxy) return;
                var token = ctx.Request.Headers[a.ProxyHeader!].ToString().Trim();
                if (token.Length == 0) { ctx.NoResult(); return; }
                // The ALB pads its base64url segments with '='; JWT readers expect none.
                if (alb) token = string.Join('.', token.Split('.').Select(p => p.TrimEnd('=')));
                ctx.Token = token;
                if (alb && a.KeyUrlPattern is not null)
                {
                    try { await keys.FetchIfUnknownAsync(new JsonWebToken(token).Kid, ctx.HttpContext.RequestAborted); }
                    catch (ArgumentException) { } // malformed: validation refuses it
                }
            },
            OnTokenValidated = async ctx =>
            {
                if (ctx.SecurityToken is not JsonWebToken jwt) { ctx.Fail("Unexpected token type."); return; }
                if (alb && (!jwt.TryGetHeaderValue<string>("client", out var client) || client != a.Audience))
                {
                    ctx.Fail("The ALB token is for another client.");
                    await ctx.HttpContext.AuthSignInFailureOnceAsync(name, "token for another client");
                    return;
                }
                if (alb && !string.IsNullOrWhiteSpace(a.AlbSigner) && (!jwt.TryGetHeaderValue<string>("signer", out var signer) || signer != a.AlbSigner))
                {
                    ctx.Fail("The ALB token was signed by another load balancer.");
                    await ctx.HttpContext.AuthSignInFailureOnceAsync(name, "token from another load balancer");
                    return;
                }
                var claims = ctx.Principal?.Claims.ToList() ?? [];
                var user = claims.FirstOrDefault(c => c.Type == a.NameClaim)?.Value ?? claims.FirstOrDefault(c => c.Type == "sub")?.Value ?? "unknown";
                var groups = claims.Where(c => c.Type == a.GroupsClaim).SelectMany(c
                    => c.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
                var roles = a.RolesFor(groups);
                ctx.Principal = PortalRoles.Principal(user, roles, name, proxy ? "proxy" : "bearer");
                if (seen.FirstTime(jwt.EncodedToken))
                    await ctx.HttpContext.AuditSignInAsync(user, succeeded: true,
                        $"{name} token; roles: {(roles.Count == 0 ? "none" : string.Join(", ", roles))}");
            },
            OnAuthenticationFailed = async ctx =>
                await ctx.HttpContext.AuthSignInFailureOnceAsync(name, $"{name} token refused: {ctx.Exception.GetType().Name}"),
        };
    }
}

/// <summary>Proxy and bearer tokens come with every request: a token's first success is its sign-in, audited once.</summary>
public sealed class SuccessfulSignIns
{
    private const int Capacity = 10_000;
    private readonly ConcurrentDictionary<string, byte> _seen = new(StringComparer.Ordinal);

    public bool FirstTime(string token)
    {
        if (_seen.Count > Capacity) _seen.Clear();
        return _seen.TryAdd(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token))), 0);
    }
}
