using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Portal.Security;

/// <summary>Section "Portal:Auth": who may sign in, and how tokens from the proxy and API clients are checked.</summary>
public sealed class AuthOptions
{
    public const string Section = "Portal:Auth";

    /// <summary>The environment variable (a top-level configuration key) that fixes the local sign-in token.</summary>
    public const string LocalTokenKey = "PORTAL_LOCAL_TOKEN";

    public const string AlbHeader = "x-amzn-oidc-data";

    /// <summary>Local mode: a fixed, reusable sign-in token, also accepted as <c>Authorization: Bearer</c>. Bound from PORTAL_LOCAL_TOKEN.</summary>
    public string? LocalToken { get; set; }

    /// <summary>Local mode: users who sign in with a password (hashes from <c>dotnet run --project src/Portal -- hash-password</c>).</summary>
    public List<LocalUserOptions> LocalUsers { get; set; } = [];

    /// <summary>Sign-in attempts (form posts and token links) per minute per client address.</summary>
    public int SignInAttemptsPerMinute { get; set; } = 5;

    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Expected <c>iss</c> of proxy and bearer tokens.</summary>
    public string? Issuer { get; set; }

    /// <summary>Expected <c>aud</c> of bearer tokens and oauth2-proxy style headers; for the ALB header, its <c>client</c> field (the OIDC client
    /// id).</summary>
    public string? Audience { get; set; }

    /// <summary>Public keys (PEM, EC or RSA) that sign proxy and bearer tokens.</summary>
    public List<SigningKeyOptions> SigningKeys { get; set; } = [];

    /// <summary>
    /// ALB header only: where to fetch a key by id when it is not configured, e.g.
    /// <c>https://public-keys.auth.elb.us-east-1.amazonaws.com/{kid}</c>. Fetched keys are cached.
    /// </summary>
    public string? KeyUrlPattern { get; set; }

    /// <summary>ALB header only: the load balancer's ARN, checked against the token's <c>signer</c> field when set.</summary>
    public string? AlbSigner { get; set; }

    /// <summary>The request header the proxy puts the identity token in: <c>x-amzn-oidc-data</c> (ALB) or e.g. <c>X-Forwarded-Access-Token</c> (oauth2-proxy).
    /// Empty: off.</summary>
    public string? ProxyHeader { get; set; } = AlbHeader;

    /// <summary>Accept <c>Authorization: Bearer &lt;JWT&gt;</c> for the JSON API (same keys, issuer, audience, role mapping).</summary>
    public bool Bearer { get; set; } = true;

    /// <summary>
    /// The proxy itself sets <c>Authorization</c> on browser requests (oauth2-proxy --pass-authorization-header): then a
    /// bearer request may be a browser's and is not exempt from antiforgery.
    /// </summary>
    public bool ProxySendsAuthorization { get; set; }

    public string GroupsClaim { get; set; } = "groups";

    /// <summary>The claim shown and audited as the user's name; <c>sub</c> when the token lacks it.</summary>
    public string NameClaim { get; set; } = "email";

    /// <summary>Role → the groups that grant it, e.g. Operator: ["platform-oncall"].</summary>
    public Dictionary<string, List<string>> RoleGroups { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Honour X-Forwarded-For/-Proto from the proxy in front. Unset: on in Aws mode, off in local mode.</summary>
    public bool? TrustForwardedHeaders { get; set; }

    public bool TokensConfigured => !string.IsNullOrWhiteSpace(Issuer) || !string.IsNullOrWhiteSpace(Audience)
        || SigningKeys.Count > 0 || !string.IsNullOrWhiteSpace(KeyUrlPattern) || RoleGroups.Count > 0;

    public bool ProxyHeaderEnabled => TokensConfigured && !string.IsNullOrWhiteSpace(ProxyHeader);

    public bool ProxyIsAlb => string.Equals(ProxyHeader, AlbHeader, StringComparison.OrdinalIgnoreCase);

    public bool BearerEnabled => TokensConfigured && Bearer;

    /// <summary>The roles the groups grant, Operator implying Viewer.</summary>
    public IReadOnlyList<string> RolesFor(IEnumerable<string> groups) => PortalRoles.FromGroups(RoleGroups, groups);

    /// <summary>Sign-in with an OpenID Connect provider, by the portal itself.</summary>
    public OidcOptions Oidc { get; set; } = new();
}

public sealed class LocalUserOptions
{
    public string? Username { get; set; }

    /// <summary>ASP.NET Core Identity's v3 format: base64 of 0x01, PRF (HMACSHA512), iterations, salt length, salt, PBKDF2 subkey.</summary>
    public string? PasswordHash { get; set; }

    public List<string> Roles { get; set; } = [];
}

public sealed class SigningKeyOptions
{
    /// <summary>The token header's <c>kid</c>; when unset the key is tried for any kid.</summary>
    public string? KeyId { get; set; }

    public string? Pem { get; set; }

    public SecurityKey ToSecurityKey()
    {
        var pem = Pem ?? "";
        try
        {
            var ec = ECDsa.Create();
            ec.ImportFromPem(pem);
            return new ECDsaSecurityKey(ec) { KeyId = KeyId };
        }
        catch (ArgumentException) { }
        catch (CryptographicException) { }
        var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        return new RsaSecurityKey(rsa) { KeyId = KeyId };
    }
}

/// <summary>Every problem with its key path, at start-up (through AddValidatedOptions, like every options type).</summary>
public static class AuthOptionsRules
{
    public static IEnumerable<string> Problems(this AuthOptions o, bool localMode)
    {
        var problems = new List<string>();
        const string s = AuthOptions.Section;
        if (o.SignInAttemptsPerMinute < 1) problems.Add($"{s}:SignInAttemptsPerMinute must be at least 1 (got {o.SignInAttemptsPerMinute}).");
        if (o.SessionLifetime <= TimeSpan.Zero) problems.Add($"{s}:SessionLifetime must be positive.");

        if (!string.IsNullOrEmpty(o.LocalToken))
        {
            if (!localMode) problems.Add($"{AuthOptions.LocalTokenKey} is for local mode only; in Aws mode users sign in through the proxy.");
            else if (o.LocalToken.Length < 16) problems.Add($"{AuthOptions.LocalTokenKey} must be at least 16 characters.");
        }

        if (o.LocalUsers.Count > 0 && !localMode) problems.Add($"{s}:LocalUsers is for local mode only; in Aws mode users sign in through the proxy.");
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < o.LocalUsers.Count; i++)
        {
            var u = o.LocalUsers[i];
            var path = $"{s}:LocalUsers:{i}";
            if (string.IsNullOrWhiteSpace(u.Username)) problems.Add($"{path}:Username is required.");
            else if (!names.Add(u.Username)) problems.Add($"{path}:Username '{u.Username}' is listed twice.");
            if (!LocalPasswords.IsWellFormed(u.PasswordHash))
                problems.Add($"{path}:PasswordHash must be a hash from `dotnet run --project src/Portal -- hash-password` (never the password itself).");
            if (u.Roles.Count == 0) problems.Add($"{path}:Roles must list Viewer or Operator.");
            foreach (var role in u.Roles.Where(r => !PortalRoles.IsRole(r)))
                problems.Add($"{path}:Roles: '{role}' is not a role (Viewer, Operator).");
        }

        if (!localMode && !o.TokensConfigured && !o.Oidc.Enabled)
            problems.Add($"{s}:Issuer, Audience, SigningKeys (or KeyUrlPattern) and RoleGroups are required in Aws mode: the portal authenticates the " +
                $"proxy's identity token"
                + $" (or configure {OidcOptions.Section} to sign users in itself).");
        problems.AddRange(o.Oidc.Problems());
        if (o.TokensConfigured)
        {
            if (string.IsNullOrWhiteSpace(o.Issuer)) problems.Add($"{s}:Issuer is required to check tokens.");
            if (string.IsNullOrWhiteSpace(o.Audience)) problems.Add($"{s}:Audience is required to check tokens.");
            if (o.SigningKeys.Count == 0 && string.IsNullOrWhiteSpace(o.KeyUrlPattern))
                problems.Add($"{s}:SigningKeys (or, for the ALB header, KeyUrlPattern) is required to check tokens.");
            for (var i = 0; i < o.SigningKeys.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(o.SigningKeys[i].Pem)) { problems.Add($"{s}:SigningKeys:{i}:Pem is required."); continue; }
                try { o.SigningKeys[i].ToSecurityKey(); }
                catch (Exception e) when (e is ArgumentException or CryptographicException)
                {
                    problems.Add($"{s}:SigningKeys:{i}:Pem is not a PEM public key (EC or RSA).");
                }
            }
            if (!string.IsNullOrWhiteSpace(o.KeyUrlPattern))
            {
                if (!o.ProxyIsAlb) problems.Add($"{s}:KeyUrlPattern applies to the ALB header only ({s}:ProxyHeader = {AuthOptions.AlbHeader}).");
                if (!o.KeyUrlPattern.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || !o.KeyUrlPattern.Contains("{kid}", StringComparison.Ordinal))
                    problems.Add($"{s}:KeyUrlPattern must be an https URL containing {{kid}}.");
            }
            problems.AddRange(PortalRoles.RoleGroupsProblems(s, o.RoleGroups));
            if (string.IsNullOrWhiteSpace(o.GroupsClaim)) problems.Add($"{s}:GroupsClaim is required.");
            if (!o.ProxyHeaderEnabled && !o.Bearer) problems.Add($"{s}: with ProxyHeader empty and Bearer false no token is ever read.");
            if (string.Equals(o.ProxyHeader, "Authorization", StringComparison.OrdinalIgnoreCase))
                problems.Add($"{s}:ProxyHeader: Authorization is the bearer header; leave Bearer on and set ProxySendsAuthorization instead.");
        }
        return problems;
    }
}
