using Portal.Core.Time;
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
    private readonly Dictionary<string, DateTimeOffset> _lastCheckers = [];
    private (IReadOnlyList<EnvironmentTopology> Of, TimeSpan Interval)? _round;
    private (IReadOnlyList<EnvironmentTopology> Of, TimeSpan Interval)? _checkerRound;

    /// <summary>The state reads of one environment: the weighted records, and per region the service, its operations and the table.</summary>
    public static IReadOnlyList<(string Api, string Region, int Calls)> StateCost(EnvironmentTopology env) =>
    [
        (CollectorApis.Route53, "", 1),
        .. env.Regions.Select(r => (CollectorApis.AppRunner, r.Region, 2)),
        .. env.Regions.Select(r => (CollectorApis.DynamoDb, r.Region, 1)),
    ];

    /// <summary>
    /// The checkers' detail of one environment: a GetHealthCheckStatus per region. Its budget is the smallest, so it is
    /// read when that budget pays and otherwise left out; CloudWatch's HealthCheckStatus gives every region its verdict meanwhile.
    /// </summary>
    public static IReadOnlyList<(string Api, string Region, int Calls)> CheckerCost(EnvironmentTopology env) =>
    [
        (CollectorApis.HealthCheckStatus, "", env.Regions.Count),
        (CollectorApis.Route53, "", env.Regions.Count),
    ];

    /// <summary>Whether any environment is due a read (cheap: lets the caller skip looking up what is busy).</summary>
    public bool AnyDue(IReadOnlyList<EnvironmentTopology> environments)
    {
        var now = time.GetUtcNow();
        lock (_gate)
            return environments.Any(env => !_lastRead.TryGetValue(env.Name, out var at) || now - at >= refreshInterval);
    }

    /// <summary>The environments to read now, most urgent first, their calls already taken from the budgets.</summary>
    public IReadOnlyList<PlannedRead> Plan(IReadOnlyList<EnvironmentTopology> environments, IReadOnlySet<string> busy, IReadOnlySet<string> viewed)
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
            // The checkers' detail due, by the same priorities, then the longest without it first, as far as its own budget
            // pays; again one that cannot be paid holds back those behind it.
            var detailed = new List<EnvironmentTopology>();
            var checkersDue = environments
                .Where(env => now - _lastCheckers.GetValueOrDefault(env.Name, DateTimeOffset.MinValue) >= refreshInterval)
                .OrderBy(Priority)
                .ThenBy(env => _lastCheckers.GetValueOrDefault(env.Name, DateTimeOffset.MinValue));
            foreach (var env in checkersDue)
            {
                if (!buckets.TryTake(CheckerCost(env))) break;
                _lastCheckers[env.Name] = now;
                detailed.Add(env);
            }
            return [.. planned.Union(detailed).Select(env => new PlannedRead(env, State: planned.Contains(env), Checkers: detailed.Contains(env)))];
        }
    }

    /// <summary>How long a whole round of every environment's state takes within the budgets: the refresh interval, or longer when the fleet needs
    /// it.</summary>
    public TimeSpan RoundInterval(IReadOnlyList<EnvironmentTopology> environments)
    {
        // The topology is replaced whole when it changes, so the last answer holds while the list is the same.
        // The topology is replaced whole when it changes, so the last answer holds while the list is the same and no
        // throttling has lowered a rate.
        var adapting = buckets.Feedback?.Adapting ?? false;
        if (!adapting && _round is { } known && ReferenceEquals(known.Of, environments)) return known.Interval;
        var interval = Round(environments, StateCost);
        if (!adapting) _round = (environments, interval);
        return interval;
    }

    /// <summary>How long a round of every region's checker detail (GetHealthCheckStatus) takes within the budgets, beside the state reads.</summary>
    public TimeSpan CheckerInterval(IReadOnlyList<EnvironmentTopology> environments)
    {
        var adapting = buckets.Feedback?.Adapting ?? false;
        if (!adapting && _checkerRound is { } known && ReferenceEquals(known.Of, environments)) return known.Interval;
        var interval = Round(environments, AllCost);
        if (!adapting) _checkerRound = (environments, interval);
        return interval;
    }

    /// <summary>
    /// What each budget that AWS throttled in the last 10 minutes does to the reads, as the page says it: "Route 53
    /// (all calls) throttled 3 calls in the last 10 min; reading every 20 s instead of 10 s".
    /// </summary>
    public IReadOnlyList<string> ThrottleNotices(IReadOnlyList<EnvironmentTopology> environments)
    {
        if (buckets.Feedback is not { } feedback) return [];
        var notices = new List<string>();
        foreach (var (api, region, throttled, factor) in feedback.Recent())
        {
            var budget = buckets.Budgets.FirstOrDefault(b => b.Api == api);
            if (budget is null) continue;
            var calls = environments.SelectMany(AllCost).Where(c => c.Api == api && (!budget.PerRegion || c.Region == region)).Sum(c => c.Calls);
            var nominal = TimeSpan.FromSeconds(Math.Max(refreshInterval.TotalSeconds, calls / budget.PerSecond));
            var now = TimeSpan.FromSeconds(Math.Max(refreshInterval.TotalSeconds, calls / (budget.PerSecond * factor)));
            var where = region.Length > 0 ? $" in {region}" : "";
            var rate = FormattableString.Invariant($"{budget.PerSecond * factor:0.###}/s of its {budget.PerSecond:0.###}/s budget, recovering");
            var effect = factor >= 1 ? "back to its whole budget"
                : now > nominal ? $"reading every {Ago.Describe(now)} instead of {Ago.Describe(nominal)} ({rate})"
                : $"calls slowed to {rate}; reads keep their pace";
            notices.Add($"{api}{where} throttled {throttled} call{(throttled == 1 ? "" : "s")} in the last {Ago.Describe(ThrottleFeedback.Window)}; {effect}");
        }
        return notices;
    }

    private static IReadOnlyList<(string Api, string Region, int Calls)> AllCost(EnvironmentTopology env) => [.. StateCost(env), .. CheckerCost(env)];

    private TimeSpan Round(IReadOnlyList<EnvironmentTopology> environments,
        Func<EnvironmentTopology, IReadOnlyList<(string Api, string Region, int Calls)>> cost)
    {
        var seconds = refreshInterval.TotalSeconds;
        foreach (var budget in buckets.Budgets)
        {
            var calls = environments.SelectMany(cost).Where(c => c.Api == budget.Api);
            var perKey = budget.PerRegion ? calls.GroupBy(c => c.Region)
                .Select(g => (Region: g.Key, Calls: g.Sum(c => c.Calls))) : [("", calls.Sum(c => c.Calls))];
            foreach (var (region, n) in perKey)
                seconds = Math.Max(seconds, n / buckets.Rate(budget, region));
        }
        return TimeSpan.FromSeconds(seconds);
    }
}

/// <summary>One environment to read now: its state (service, operations, weights, table), its checkers' detail (GetHealthCheckStatus), or both.</summary>
public sealed record PlannedRead(EnvironmentTopology Environment, bool State, bool Checkers);
