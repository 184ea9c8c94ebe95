using System.Text.RegularExpressions;
using Portal.Core.Operations;
using Portal.Core.Topology;

namespace Portal.Api;

/// <summary>
/// Reads the jobs list's filters from a query string, for the API and the page alike, strictly: a kind or state is one
/// of its defined names (not a number, not "Rollback,Rebalance", which enum parsing would read as flags and match
/// other kinds), a page is a whole number within range, and no filter is given twice. Errors are keyed by parameter.
/// </summary>
public static partial class JobsFilter
{
    /// <summary>Far past any real list (25 a page); larger numbers are typos or probes, and would overflow the offset.</summary>
    public const int MaxPage = 100_000;

    [GeneratedRegex(@"\A[0-9]{1,9}\z")]
    private static partial Regex Digits();

    public static OperationQuery Read(IQueryCollection query, PortalTopology topology, string pageParameter, int pageSize, Dictionary<string, string[]> errors)
    {
        var environment = Single(query, "environment", errors);
        var env = string.IsNullOrWhiteSpace(environment) ? null : topology.Find(environment);
        return new OperationQuery(
            // The topology's spelling, as operations are stored; a name no longer in the topology still finds its history.
            string.IsNullOrWhiteSpace(environment) ? null : env?.Name ?? environment,
            Name<OperationKind>(Single(query, "kind", errors), "kind", errors),
            Name<OperationState>(Single(query, "state", errors), "state", errors),
            Page(Single(query, pageParameter, errors), pageParameter, errors),
            pageSize);
    }

    private static string? Single(IQueryCollection query, string name, Dictionary<string, string[]> errors)
    {
        var values = query[name];
        if (values.Count <= 1) return values.Count == 0 || string.IsNullOrEmpty(values[0]) ? null : values[0];
        errors[name] = [$"Given {values.Count} times; give '{name}' once."];
        return null;
    }

    private static T? Name<T>(string? value, string parameter, Dictionary<string, string[]> errors) where T : struct, Enum
    {
        if (value is null) return null;
        var name = Enum.GetNames<T>().FirstOrDefault(n => string.Equals(n, value, StringComparison.OrdinalIgnoreCase));
        if (name is not null) return Enum.Parse<T>(name);
        errors[parameter] = [$"Use one of {string.Join(", ", Enum.GetNames<T>())}."];
        return null;
    }

    private static int Page(string? value, string parameter, Dictionary<string, string[]> errors)
    {
        if (value is null) return 1;
        if (Digits().IsMatch(value) && int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) is >= 1 and <= MaxPage and var page) return page;
        errors[parameter] = [$"A page is a whole number from 1 to {MaxPage}."];
        return 1;
    }
}
