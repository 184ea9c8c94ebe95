using Portal.Core.Status;
using Portal.Core.Topology;

namespace Portal.Core.Tests.Status;

/// <summary>The collector's reads planned within per-API budgets, for a fleet of 40 environments in 3 regions, on a clock the test moves.</summary>
public sealed class ReadPlannerTests
{
    private static readonly string[] Regions = PlannedFleet.Regions;
    // The collector plans every second and reads each environment at most every refresh interval.
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(10);

    private static readonly ApiBudget[] Budgets = PlannedFleet.Budgets;

    private static readonly IReadOnlyList<EnvironmentTopology> Fleet = PlannedFleet.Fleet;

    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));
    private readonly ReadPlanner _planner;

    public ReadPlannerTests() => _planner = new ReadPlanner(new BudgetBuckets(Budgets, _clock), RefreshInterval, _clock);

    /// <summary>
    /// Ticks for <paramref name="duration"/>: when each environment's checker detail was read (the reads the smallest
    /// budget binds), when its state was read, and every call made, per API.
    /// </summary>
    private (Dictionary<string, List<DateTimeOffset>> Reads, Dictionary<string, int> Calls,
        Dictionary<string, List<DateTimeOffset>> StateReads) Run(TimeSpan duration, IReadOnlySet<string>? busy = null, IReadOnlySet<string>? viewed = null)
    {
        var reads = Fleet.ToDictionary(e => e.Name, _ => new List<DateTimeOffset>());
        var stateReads = Fleet.ToDictionary(e => e.Name, _ => new List<DateTimeOffset>());
        var calls = Budgets.ToDictionary(b => b.Api, _ => 0);
        for (var elapsed = TimeSpan.Zero; elapsed < duration; elapsed += Tick)
        {
            foreach (var (env, state, checkers) in _planner.Plan(Fleet, busy ?? new HashSet<string>(), viewed ?? new HashSet<string>()))
            {
                if (state)
                {
                    stateReads[env.Name].Add(_clock.GetUtcNow());
                    foreach (var (api, _, n) in ReadPlanner.StateCost(env)) calls[api] += n;
                }
                if (!checkers) continue;
                reads[env.Name].Add(_clock.GetUtcNow());
                foreach (var (api, _, n) in ReadPlanner.CheckerCost(env)) calls[api] += n;
            }
            _clock.Advance(Tick);
        }
        return (reads, calls, stateReads);
    }

    [Fact]
    public void Forty_environments_in_three_regions_stay_within_every_account_wide_budget()
    {
        var duration = TimeSpan.FromMinutes(30);

        var (_, calls, _) = Run(duration);

        foreach (var budget in Budgets.Where(b => !b.PerRegion))
        {
            // The burst, the rate over the run, and one environment's reads taken on the last token.
            var allowed = budget.Burst + budget.PerSecond * duration.TotalSeconds + Regions.Length + 1;
            Assert.True(calls[budget.Api] <= allowed, $"{budget.Api}: {calls[budget.Api]} calls in {duration}, budget {allowed:0}");
        }
        // GetHealthCheckStatus is the one that binds: half of AWS's 1 per second is used, not less.
        Assert.True(calls[CollectorApis.HealthCheckStatus] >= 0.5 * duration.TotalSeconds * 0.95,
            $"{calls[CollectorApis.HealthCheckStatus]} GetHealthCheckStatus calls");
    }

    [Fact]
    public void The_checker_detail_stretches_to_what_its_budget_allows_while_every_environment_state_is_read_at_the_refresh_interval()
    {
        var round = _planner.CheckerInterval(Fleet);

        var (reads, _, stateReads) = Run(TimeSpan.FromMinutes(30));

        // 120 health checks at 0.5 per second: 240 s for a round of checker detail, not the 10 s asked.
        Assert.Equal(TimeSpan.FromSeconds(240), round);
        // The state reads have their own pace: 80 App Runner calls per region a round at 5 per second, 16 s.
        var stateRound = _planner.RoundInterval(Fleet);
        Assert.Equal(TimeSpan.FromSeconds(16), stateRound);
        Assert.All(stateReads, r => Assert.True(MaxGap(r.Value) <= stateRound + RefreshInterval, $"{r.Key}'s state waited {MaxGap(r.Value)}"));
        foreach (var (env, times) in reads)
        {
            var gaps = times.Zip(times.Skip(1), (a, b) => b - a).ToList();
            Assert.NotEmpty(gaps);
            Assert.True(gaps.Max() <= round + RefreshInterval, $"{env} waited {gaps.Max()} between reads");
            Assert.True(gaps.Min() >= round - RefreshInterval, $"{env} was read again after {gaps.Min()}, before the others had their turn");
        }
    }

    private static TimeSpan MaxGap(List<DateTimeOffset> times) =>
        times.Count < 2 ? TimeSpan.MaxValue : times.Zip(times.Skip(1), (a, b) => b - a).Max();

    [Fact]
    public void An_environment_with_an_operation_running_goes_first_whenever_it_is_due()
    {
        var (reads, _, _) = Run(TimeSpan.FromMinutes(30), busy: new HashSet<string> { "env-07" });
        var round = _planner.CheckerInterval(Fleet);

        // At most the few seconds the budget needs to refill after the others' last read.
        Assert.True(MaxGap(reads["env-07"]) < RefreshInterval + TimeSpan.FromSeconds(8), $"the busy environment waited {MaxGap(reads["env-07"])}");
        AssertTheRestGetTheirTurn(reads, round);
    }

    [Fact]
    public void An_environment_someone_views_goes_before_the_unwatched_ones()
    {
        var (reads, _, _) = Run(TimeSpan.FromMinutes(30), viewed: new HashSet<string> { "env-31" });
        var round = _planner.CheckerInterval(Fleet);

        Assert.True(MaxGap(reads["env-31"]) < RefreshInterval + TimeSpan.FromSeconds(8), $"the viewed environment waited {MaxGap(reads["env-31"])}");
        AssertTheRestGetTheirTurn(reads, round);
    }

    [Fact]
    public void With_an_operation_running_and_a_view_the_operation_goes_first()
    {
        // Both want more than the health check budget holds at 10 s each: the busy one keeps its pace, the viewed one never gets ahead.
        var (reads, _, _) = Run(TimeSpan.FromMinutes(5), busy: new HashSet<string> { "env-07" }, viewed: new HashSet<string> { "env-31" });

        Assert.True(MaxGap(reads["env-07"]) < RefreshInterval + TimeSpan.FromSeconds(8), $"the busy environment waited {MaxGap(reads["env-07"])}");
        Assert.True(reads["env-07"].Count >= reads["env-31"].Count, $"busy read {reads["env-07"].Count} times, viewed {reads["env-31"].Count}");
    }

    /// <summary>Unwatched environments are read less often than the priority one, but none waits past the overdue bound.</summary>
    private static void AssertTheRestGetTheirTurn(Dictionary<string, List<DateTimeOffset>> reads, TimeSpan round)
    {
        Assert.True(MaxGap(reads["env-20"]) > round, $"an unwatched environment was read every {MaxGap(reads["env-20"])}");
        Assert.All(reads, r => Assert.True(MaxGap(r.Value) <= 3 * round + 2 * RefreshInterval, $"{r.Key} waited {MaxGap(r.Value)}"));
    }

    [Fact]
    public void An_environment_within_the_budgets_is_read_at_the_refresh_interval()
    {
        var one = Fleet.Take(1).ToList();
        var reads = new List<DateTimeOffset>();

        for (var i = 0; i < 60; i++)
        {
            if (_planner.Plan(one, new HashSet<string>(), new HashSet<string>()).Count == 1) reads.Add(_clock.GetUtcNow());
            _clock.Advance(Tick);
        }

        Assert.Equal(RefreshInterval, _planner.RoundInterval(one));
        Assert.Equal(6, reads.Count);
        Assert.All(reads.Zip(reads.Skip(1), (a, b) => b - a), gap => Assert.Equal(RefreshInterval, gap));
    }
}
