using System.Security.Claims;

namespace Portal.Security;

/// <summary>
/// Viewer sees everything; Operator also acts (deploy, roll back, rebalance, pause, resume, schedules).
/// An operator's identity carries both role claims, so <c>IsInRole(Viewer)</c> holds for operators too.
/// </summary>
public static class PortalRoles
{
    public const string Viewer = "Viewer";
    public const string Operator = "Operator";

    public static readonly IReadOnlyList<string> All = [Viewer, Operator];

    public static bool IsRole(string? name) => All.Contains(name ?? "", StringComparer.Ordinal);

    /// <summary>Operator implies Viewer; unknown names are dropped.</summary>
    public static IReadOnlyList<string> Expand(IEnumerable<string> roles)
    {
        var set = roles.Where(IsRole).ToHashSet(StringComparer.Ordinal);
        if (set.Contains(Operator)) set.Add(Viewer);
        return [.. All.Where(set.Contains)];
    }

    /// <summary>The roles that <paramref name="groups"/> grant under a Role → groups mapping, Operator implying Viewer.</summary>
    public static IReadOnlyList<string> FromGroups(IReadOnlyDictionary<string, List<string>> roleGroups, IEnumerable<string> groups)
    {
        var held = groups.ToHashSet(StringComparer.Ordinal);
        return Expand(roleGroups.Where(r => r.Value.Any(held.Contains))
            .Select(r => All.FirstOrDefault(n => n.Equals(r.Key, StringComparison.OrdinalIgnoreCase)) ?? ""));
    }

    /// <summary>What is wrong with a Role → groups mapping configured under <paramref name="section"/>.</summary>
    public static IEnumerable<string> RoleGroupsProblems(string section, IReadOnlyDictionary<string, List<string>> roleGroups)
    {
        if (roleGroups.Count == 0) yield return $"{section}:RoleGroups must map at least one group to Viewer or Operator.";
        foreach (var (role, groups) in roleGroups)
        {
            if (!All.Any(r => r.Equals(role, StringComparison.OrdinalIgnoreCase)))
                yield return $"{section}:RoleGroups:{role}: '{role}' is not a role (Viewer, Operator).";
            if (groups.Count == 0 || groups.Any(string.IsNullOrWhiteSpace)) yield return $"{section}:RoleGroups:{role} must list group names.";
        }
    }

    /// <summary>The one shape of a signed-in user, whatever the way in.</summary>
    public static ClaimsPrincipal Principal(string name, IEnumerable<string> roles, string authenticationType, string source)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, name), new(PortalClaims.Source, source) };
        claims.AddRange(Expand(roles).Select(r => new Claim(ClaimTypes.Role, r)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, ClaimTypes.Name, ClaimTypes.Role));
    }

    public static bool IsOperator(this ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true && user.IsInRole(Operator);

    public static bool IsViewer(this ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true && (user.IsInRole(Viewer) || user.IsInRole(Operator));

    /// <summary>For the header: the highest role held, or "no role".</summary>
    public static string RoleLabel(this ClaimsPrincipal user) => user.IsOperator() ? Operator : user.IsViewer() ? Viewer : "no role";
}

public static class PortalClaims
{
    /// <summary>How the user signed in: local-token, local-user, proxy, bearer.</summary>
    public const string Source = "portal:source";

    /// <summary>A cookie sign-in's server-side session id (<see cref="ServerSessions"/>).</summary>
    public const string Session = "portal:session";
}

/// <summary>Policy names: the roles' names, so <c>[Authorize(Policy = PortalPolicies.Operator)]</c> reads as it means.</summary>
public static class PortalPolicies
{
    /// <summary>Also the default and fallback policy: reading needs Viewer, a mutating method needs Operator.</summary>
    public const string Viewer = PortalRoles.Viewer;

    public const string Operator = PortalRoles.Operator;
}
