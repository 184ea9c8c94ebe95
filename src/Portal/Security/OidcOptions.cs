namespace Portal.Security;

/// <summary>
/// Section "Portal:Auth:Oidc": the portal signs users in itself with an OpenID Connect provider (authorization code
/// with PKCE), for deployments with no sign-in proxy in front (App Runner). Off while Authority, ClientId and
/// RoleGroups are all unset.
/// </summary>
public sealed class OidcOptions
{
    public const string Section = AuthOptions.Section + ":Oidc";

    /// <summary>The environment variable (a top-level configuration key) holding the client secret: never in a settings file.</summary>
    public const string ClientSecretKey = "PORTAL_OIDC_CLIENT_SECRET";

    /// <summary>The issuer URL; its <c>/.well-known/openid-configuration</c> gives the endpoints and keys.</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    /// <summary>Bound from <see cref="ClientSecretKey"/> only (no public setter, so the section cannot carry it).</summary>
    public string? ClientSecret { get; internal set; }

    /// <summary>Empty: openid, profile, email. (Not a list initializer: configuration binding appends to one, so defaults could never be dropped.)</summary>
    public List<string> Scopes { get; set; } = [];

    public IReadOnlyList<string> EffectiveScopes => Scopes.Count == 0 ? ["openid", "profile", "email"] : Scopes;

    /// <summary>The claim listing the user's groups or app roles: <c>groups</c> (Okta, Keycloak, Entra ID groups), <c>roles</c> (Entra ID app roles),
    /// <c>cognito:groups</c>.</summary>
    public string RolesClaim { get; set; } = "groups";

    /// <summary>The claim shown and audited as the user's name; then <c>preferred_username</c>, then <c>sub</c>.</summary>
    public string NameClaim { get; set; } = "email";

    /// <summary>Role → the groups (values of <see cref="RolesClaim"/>) that grant it, e.g. Operator: ["platform-oncall"].</summary>
    public Dictionary<string, List<string>> RoleGroups { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The provider's name on the sign-in button.</summary>
    public string DisplayName { get; set; } = "single sign-on";

    /// <summary>Off only for a provider on loopback HTTP (tests, a local Keycloak): the authority must otherwise be HTTPS.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority) || !string.IsNullOrWhiteSpace(ClientId) || RoleGroups.Count > 0;

    public IReadOnlyList<string> RolesFor(IEnumerable<string> groups) => PortalRoles.FromGroups(RoleGroups, groups);

    /// <summary>Every missing or wrong piece, with its key path.</summary>
    public IEnumerable<string> Problems()
    {
        if (!Enabled) yield break;
        const string s = Section;
        if (string.IsNullOrWhiteSpace(Authority)) yield return $"{s}:Authority is required (the provider's issuer URL).";
        else if (!Uri.TryCreate(Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http"))
            yield return $"{s}:Authority must be an absolute https URL (got '{Authority}').";
        else if (authority.Scheme == "http" && RequireHttpsMetadata)
            yield return $"{s}:Authority must use https (set {s}:RequireHttpsMetadata to false only for a provider on loopback).";
        else if (authority.Scheme == "http" && !authority.IsLoopback)
            yield return $"{s}:Authority may be http only on loopback (got '{Authority}').";
        if (string.IsNullOrWhiteSpace(ClientId)) yield return $"{s}:ClientId is required.";
        if (string.IsNullOrWhiteSpace(ClientSecret)) yield return $"{ClientSecretKey} (environment) is required: the client secret the provider issued.";
        if (!EffectiveScopes.Contains("openid", StringComparer.Ordinal)) yield return $"{s}:Scopes must include openid.";
        if (string.IsNullOrWhiteSpace(RolesClaim)) yield return $"{s}:RolesClaim is required (e.g. groups, roles, cognito:groups).";
        if (string.IsNullOrWhiteSpace(NameClaim)) yield return $"{s}:NameClaim is required (e.g. email).";
        foreach (var problem in PortalRoles.RoleGroupsProblems(s, RoleGroups)) yield return problem;
    }
}
