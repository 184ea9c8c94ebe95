using Portal.Core.Topology;

namespace Portal.Core.Status;

/// <summary>
/// Which environments the collector reads on this tick, within the budgets: each is due one refresh interval after
/// its last read; environments with an operation running come first (a bake judges on fresh health), then those
/// someone is viewing, then the rest, the longest unread first (round-robin); one left waiting for three whole rounds
/// goes before the viewed ones, so priorities that fill the budget cannot starve the rest. What the budgets cannot pay for waits
/// for a later tick, so a growing fleet stretches the interval between reads instead of meeting AWS's throttling.
/// </summary>
public sealed class ReadPlanner(BudgetBuckets buckets, TimeSpan refreshInterval, TimeProvider time)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _lastRead = [];
    private readonly Dictionary<string, DateTimeOffset> _firstSeen = [];
    private (IReadOnlyList<EnvironmentTopology> Of, TimeSpan Interval)? _round;

    /// <summary>The state reads of one environment: the weighted records, and per region the service, its operations, its health check and the table.</summary>
    public static IReadOnlyList<(string Api, string Region, int Calls)> StateCost(EnvironmentTopology env) =>
    [
        (CollectorApis.Route53, "", 1 + env.Regions.Count),
        (CollectorApis.HealthCheckStatus, "", env.Regions.Count),
        .. env.Regions.Select(r => (CollectorApis.AppRunner, r.Region, 2)),
        .. env.Regions.Select(r => (CollectorApis.DynamoDb, r.Region, 1)),
    ];

    /// <summary>Whether any environment is due a read (cheap: lets the caller skip looking up what is busy).</summary>
    public bool AnyDue(IReadOnlyList<EnvironmentTopology> environments)
    {
        var now = time.GetUtcNow();
        lock (_gate)
            return environments.Any(env => !_lastRead.TryGetValue(env.Name, out var at) || now - at >= refreshInterval);
    }

    /// <summary>The environments to read now, most urgent first, their calls already taken from the budgets.</summary>
    public IReadOnlyList<EnvironmentTopology> Plan(IReadOnlyList<EnvironmentTopology> environments, IReadOnlySet<string> busy, IReadOnlySet<string> viewed)
    {
        var now = time.GetUtcNow();
        var overdue = 3 * RoundInterval(environments);
        lock (_gate)
        {
            DateTimeOffset Last(EnvironmentTopology env) => _lastRead.GetValueOrDefault(env.Name, DateTimeOffset.MinValue);
            foreach (var env in environments) _firstSeen.TryAdd(env.Name, now);
            // Waiting since its last read, or since the planner first had it.
            TimeSpan Waiting(EnvironmentTopology env) => now - (_lastRead.TryGetValue(env.Name, out var at) ? at : _firstSeen[env.Name]);
            int Priority(EnvironmentTopology env) =>
                busy.Contains(env.Name) ? 0 : Waiting(env) > overdue ? 1 : viewed.Contains(env.Name) ? 2 : 3;
            var due = environments
                .Where(env => now - Last(env) >= refreshInterval)
                .OrderBy(Priority)
                .ThenBy(Last)
                .ToList();
            var planned = new List<EnvironmentTopology>();
            // In order: one that cannot be paid for now holds back those behind it, so none is passed over for ever.
            foreach (var env in due)
            {
                if (!buckets.TryTake(StateCost(env))) break;
                _lastRead[env.Name] = now;
                planned.Add(env);
            }
            return planned;
        }
    }

    /// <summary>How long a whole round of every environment takes within the budgets: the refresh interval, or longer when the fleet needs it.</summary>
    public TimeSpan RoundInterval(IReadOnlyList<EnvironmentTopology> environments)
    {
        // The topology is replaced whole when it changes, so the last answer holds while the list is the same.
        if (_round is { } known && ReferenceEquals(known.Of, environments)) return known.Interval;
        var seconds = refreshInterval.TotalSeconds;
        foreach (var budget in buckets.Budgets)
        {
            var calls = environments.SelectMany(StateCost).Where(c => c.Api == budget.Api);
            var busiest = budget.PerRegion ? calls.GroupBy(c => c.Region).Select(g => g.Sum(c => c.Calls)).DefaultIfEmpty(0).Max() : calls.Sum(c => c.Calls);
            seconds = Math.Max(seconds, busiest / budget.PerSecond);
        }
        var interval = TimeSpan.FromSeconds(seconds);
        _round = (environments, interval);
        return interval;
    }
}
