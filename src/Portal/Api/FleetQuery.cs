using Portal.Core.Fleet;
using Portal.Core.Status;
using Portal.Core.Topology;

namespace Portal.Api;

/// <summary>
/// Reads the fleet's filters from a query string, for the page and the API alike: `application` is one of the
/// topology's applications (in its spelling) and `verdict` one of the verdict words; anything else, or a filter given
/// twice, is an error keyed by the parameter that names what is allowed.
/// </summary>
public static class FleetQuery
{
    public static readonly IReadOnlyList<string> VerdictWords = [.. FleetView.WorstFirst.Select(Word)];

    public static string Word(VerdictLevel level) => level.ToString().ToLowerInvariant();

    public static FleetFilter Read(IQueryCollection query, PortalTopology topology, Dictionary<string, string[]> errors)
    {
        var application = Single(query, "application", errors);
        var verdict = Single(query, "verdict", errors);
        string? app = null;
        if (application is not null)
        {
            var known = FleetView.Applications(topology.Environments);
            app = known.FirstOrDefault(a => string.Equals(a, application, StringComparison.OrdinalIgnoreCase));
            if (app is null)
                errors["application"] = [known.Count == 0
                    ? "No environment names an application (Portal:Environments:N:Application), so there is nothing to filter by."
                    : $"Unknown application '{application}'. Use one of {string.Join(", ", known)}."];
        }
        VerdictLevel? level = null;
        if (verdict is not null)
        {
            level = FleetView.WorstFirst.Cast<VerdictLevel?>().FirstOrDefault(l => string.Equals(Word(l!.Value), verdict, StringComparison.OrdinalIgnoreCase));
            if (level is null) errors["verdict"] = [$"Unknown verdict '{verdict}'. Use one of {string.Join(", ", VerdictWords)}."];
        }
        return new FleetFilter(app, level);
    }

    private static string? Single(IQueryCollection query, string name, Dictionary<string, string[]> errors)
    {
        var values = query[name];
        if (values.Count <= 1) return values.Count == 0 || string.IsNullOrEmpty(values[0]) ? null : values[0];
        errors[name] = [$"Given {values.Count} times; give '{name}' once."];
        return null;
    }
}
