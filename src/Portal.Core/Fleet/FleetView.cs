using Portal.Core.Topology;
using Portal.Core.Status;

namespace Portal.Core.Fleet;

/// <summary>One region of one environment on the fleet page: its verdict and the few facts that explain it.</summary>
public sealed record FleetCell(string Region, VerdictLevel Verdict, string Reason, string? ImageTag, int? Weight, double? TrafficShare)
{
    /// <summary>What serves the region: the page marks ECS Express cells, App Runner being the default.</summary>
    public RegionRuntime Runtime { get; init; } = RegionRuntime.AppRunner;
}

/// <summary>One environment on the fleet page: a cell per region in rollout order, and its worst verdict.</summary>
public sealed record FleetRow(string Environment, string? Application, bool Protected, VerdictLevel Worst, IReadOnlyList<FleetCell> Cells);

/// <summary>The fleet page's filters: an application (as the topology spells it) and a verdict any region has; null is "all".</summary>
public sealed record FleetFilter(string? Application = null, VerdictLevel? Verdict = null);

/// <summary>
/// Every environment of the status board as one row, the worst first, so on-call sees what needs a look at the top of a
/// page of forty. Read from the shared board only: looking at the fleet never calls AWS.
/// </summary>
public static class FleetView
{
    /// <summary>
    /// Most urgent first: down (not serving), then stale and unknown (the portal cannot tell, which on-call must not
    /// read as fine), then degraded (serving, needs a look), paused (on purpose), healthy.
    /// </summary>
    public static readonly IReadOnlyList<VerdictLevel> WorstFirst =
        [VerdictLevel.Down, VerdictLevel.Stale, VerdictLevel.Unknown, VerdictLevel.Degraded, VerdictLevel.Paused, VerdictLevel.Healthy];

    public static int Severity(VerdictLevel level) => WorstFirst.Count - IndexOf(level);

    public static IReadOnlyList<FleetRow> Rows(IReadOnlyList<EnvironmentStatus> environments, FleetFilter filter) =>
        [.. environments
            .Where(e => filter.Application is null || string.Equals(e.Topology.Application, filter.Application, StringComparison.Ordinal))
            .Select(Row)
            .Where(r => filter.Verdict is not { } wanted || r.Cells.Any(c => c.Verdict == wanted))
            // Worst verdict first; among equals, the environment with more regions at it; then protected (production)
            // before the rest; then by name so the order does not jump between refreshes.
            .OrderByDescending(r => Severity(r.Worst))
            .ThenByDescending(r => r.Cells.Count(c => c.Verdict == r.Worst))
            .ThenByDescending(r => r.Protected)
            .ThenBy(r => r.Environment, StringComparer.Ordinal)];

    /// <summary>How many regions of the listed rows are at each verdict, worst first (zeros included, so the summary never moves).</summary>
    public static IReadOnlyList<(VerdictLevel Verdict, int Regions)> Counts(IReadOnlyList<FleetRow> rows) =>
        [.. WorstFirst.Select(level => (level, rows.Sum(r => r.Cells.Count(c => c.Verdict == level))))];

    /// <summary>The applications of the topology's environments, sorted; what the application filter accepts.</summary>
    public static IReadOnlyList<string> Applications(IEnumerable<Topology.EnvironmentTopology> environments) =>
        [.. environments.Select(e => e.Application).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    private static FleetRow Row(EnvironmentStatus env)
    {
        var cells = env.Regions.Select(r => new FleetCell(r.Region, r.Verdict.Level, r.Verdict.Reason, r.Service.Value?.ImageTag, r.Record.Value?.Weight,
            r.TrafficShare) { Runtime = r.Topology.Runtime }).ToList();
        var worst = cells.Count == 0 ? VerdictLevel.Unknown : cells.MaxBy(c => Severity(c.Verdict))!.Verdict;
        return new FleetRow(env.Name, env.Topology.Application, env.Topology.Protected, worst, cells);
    }

    private static int IndexOf(VerdictLevel level)
    {
        for (var i = 0; i < WorstFirst.Count; i++)
            if (WorstFirst[i] == level) return i;
        throw new ArgumentOutOfRangeException(nameof(level), level, "Not a verdict level the fleet view orders.");
    }
}
