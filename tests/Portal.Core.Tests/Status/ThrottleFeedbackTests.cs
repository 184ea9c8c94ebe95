using Portal.Core.Status;
using Portal.Core.Topology;

namespace Portal.Core.Tests.Status;

/// <summary>AWS's throttling answers slow the collector down (adaptive, like the SDKs) and the page says so; on a clock the test moves.</summary>
public sealed class ThrottleFeedbackTests
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(10);
    private static readonly string[] Regions = PlannedFleet.Regions;

    private static readonly ApiBudget[] Budgets = PlannedFleet.Budgets;

    private static readonly IReadOnlyList<EnvironmentTopology> Fleet = PlannedFleet.Fleet;

    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));
    private readonly ThrottleFeedback _feedback;
    private readonly ReadPlanner _planner;

    public ThrottleFeedbackTests()
    {
        _feedback = new ThrottleFeedback(_clock);
        _planner = new ReadPlanner(new BudgetBuckets(Budgets, _clock, _feedback), RefreshInterval, _clock);
    }

    [Fact]
    public void Each_throttle_halves_the_rate_down_to_a_sixteenth_and_it_recovers_linearly_over_five_minutes()
    {
        Assert.Equal(1, _feedback.Factor(CollectorApis.Route53, ""));

        _feedback.Throttled(CollectorApis.Route53, "");
        Assert.Equal(0.5, _feedback.Factor(CollectorApis.Route53, ""));
        for (var i = 0; i < 10; i++) _feedback.Throttled(CollectorApis.Route53, "");
        Assert.Equal(1.0 / 16, _feedback.Factor(CollectorApis.Route53, ""));
        // Other budgets are not touched.
        Assert.Equal(1, _feedback.Factor(CollectorApis.AppRunner, "us-east-1"));

        _clock.Advance(TimeSpan.FromMinutes(2.5));
        Assert.Equal(1.0 / 16 + 0.5, _feedback.Factor(CollectorApis.Route53, ""), 6);
        Assert.True(_feedback.Adapting);
        _clock.Advance(TimeSpan.FromMinutes(2.5));
        Assert.Equal(1, _feedback.Factor(CollectorApis.Route53, ""));
        Assert.False(_feedback.Adapting);
        // The answers stay on the page for ten minutes, then go.
        Assert.Equal((CollectorApis.Route53, "", 11, 1.0), Assert.Single(_feedback.Recent()));
        _clock.Advance(TimeSpan.FromMinutes(5.1));
        Assert.Empty(_feedback.Recent());
    }

    [Fact]
    public void A_throttled_call_counts_against_the_budgets_AWS_counts_it_in()
    {
        Assert.Equal([(CollectorApis.HealthCheckStatus, ""), (CollectorApis.Route53, "")],
            ThrottleFeedback.BudgetsOf("route53", "GetHealthCheckStatus", "us-east-1"));
        Assert.Equal([(CollectorApis.Route53, "")], ThrottleFeedback.BudgetsOf("route53", "ListResourceRecordSets", "us-east-1"));
        Assert.Equal([(CollectorApis.AppRunner, "us-east-2")], ThrottleFeedback.BudgetsOf("apprunner", "DescribeService", "us-east-2"));
        Assert.Equal([(CollectorApis.CloudWatch, "us-west-2")], ThrottleFeedback.BudgetsOf("monitoring", "GetMetricData", "us-west-2"));
        Assert.Empty(ThrottleFeedback.BudgetsOf("ecr", "DescribeImages", "us-east-1"));
    }

    [Fact]
    public void After_a_throttle_the_checkers_are_read_half_as_often_the_notice_says_so_and_the_pace_comes_back()
    {
        Assert.Equal(TimeSpan.FromSeconds(240), _planner.CheckerInterval(Fleet));
        Assert.Empty(_planner.ThrottleNotices(Fleet));

        _feedback.Throttled(CollectorApis.HealthCheckStatus, "");

        Assert.Equal(TimeSpan.FromSeconds(480), _planner.CheckerInterval(Fleet));
        Assert.Equal(["Route 53 GetHealthCheckStatus throttled 1 call in the last 10 min; reading every 8 min instead of 4 min (0.25/s of its 0.5/s budget, " +
            "recovering)"],
            _planner.ThrottleNotices(Fleet));
        // What the buckets pay for the next minute: about half of the budget's 30 calls (its burst of 2 on top).
        var calls = CheckerCallsOver(TimeSpan.FromMinutes(1));
        Assert.InRange(calls, 10, 2 + 0.3 * 60 + Regions.Length);

        _clock.Advance(ThrottleFeedback.Recovery);
        Assert.Equal(TimeSpan.FromSeconds(240), _planner.CheckerInterval(Fleet));
        Assert.Equal(["Route 53 GetHealthCheckStatus throttled 1 call in the last 10 min; back to its whole budget"], _planner.ThrottleNotices(Fleet));
    }

    [Fact]
    public void A_throttle_of_a_budget_with_room_slows_its_calls_and_says_the_reads_keep_their_pace()
    {
        // Five environments: 5 DescribeTable calls a round per region, well within even half of 5/s.
        var few = Fleet.Take(5).ToList();
        _feedback.Throttled(CollectorApis.DynamoDb, "us-east-2");

        Assert.Equal(["DynamoDB DescribeTable in us-east-2 throttled 1 call in the last 10 min; calls slowed to 2.5/s of its 5/s budget, recovering; reads " +
            "keep their pace"],
            _planner.ThrottleNotices(few));
        Assert.Equal(RefreshInterval, _planner.RoundInterval(few));
        // With the whole fleet the same cut stretches the state reads: 40 calls a round at 2.5/s.
        Assert.StartsWith("DynamoDB DescribeTable in us-east-2 throttled 1 call in the last 10 min; reading every 16 s instead of 10 s",
            Assert.Single(_planner.ThrottleNotices(Fleet)));
    }

    private int CheckerCallsOver(TimeSpan duration)
    {
        var calls = 0;
        for (var elapsed = TimeSpan.Zero; elapsed < duration; elapsed += TimeSpan.FromSeconds(1))
        {
            calls += _planner.Plan(Fleet, new HashSet<string>(), new HashSet<string>()).Where(r => r.Checkers).Sum(r => r.Environment.Regions.Count);
            _clock.Advance(TimeSpan.FromSeconds(1));
        }
        return calls;
    }
}
