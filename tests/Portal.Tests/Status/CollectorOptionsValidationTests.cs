using Portal.Core.Status;
using Portal.Hosting;
using Portal.Status;

namespace Portal.Tests.Status;

/// <summary>The cluster collector's lease and the API budgets, checked at start-up with every failure named by its key.</summary>
public class CollectorOptionsValidationTests
{
    [Fact]
    public void A_lease_renewed_too_rarely_to_survive_one_slow_answer_is_refused()
    {
        var result = new ProblemsValidator<CollectorOptions>(o => o.Problems()).Validate(null,
            new CollectorOptions { LeaseDuration = TimeSpan.FromSeconds(4), RenewInterval = TimeSpan.FromSeconds(3) });

        Assert.Equal(["Portal:Collector:RenewInterval must be less than half of LeaseDuration (got 00:00:03 and 00:00:04)."], result.Failures);
    }

    [Fact]
    public void A_zero_budget_and_a_burst_below_one_call_are_refused_by_name()
    {
        var result = new ProblemsValidator<BudgetOptions>(o => o.Problems()).Validate(null,
            new BudgetOptions { HealthCheckStatusPerSecond = 0, CloudWatchBurst = 0.5 });

        Assert.Equal(
            ["Portal:Budgets:HealthCheckStatusPerSecond must be above 0 calls per second (got 0).",
                "Portal:Budgets:CloudWatchBurst must be at least 1 call (got 0.5)."],
            result.Failures);
    }

    [Fact]
    public void The_defaults_are_valid_take_over_within_15_seconds_and_use_half_of_AWSs_documented_rates()
    {
        var collector = new CollectorOptions();
        var budgets = new BudgetOptions().Budgets().ToDictionary(b => b.Api);

        Assert.True(new ProblemsValidator<CollectorOptions>(o => o.Problems()).Validate(null, collector).Succeeded);
        Assert.True(new ProblemsValidator<BudgetOptions>(o => o.Problems()).Validate(null, new BudgetOptions()).Succeeded);
        Assert.True(collector.TakeoverWithin <= TimeSpan.FromSeconds(15));
        // Route 53: GetHealthCheckStatus 1/s burst 4, all calls 10/s burst 50, per account; CloudWatch GetMetricData 50/s per region.
        Assert.Equal(new ApiBudget(CollectorApis.HealthCheckStatus, 0.5, 2, false), budgets[CollectorApis.HealthCheckStatus]);
        Assert.Equal(new ApiBudget(CollectorApis.Route53, 5, 25, false), budgets[CollectorApis.Route53]);
        Assert.Equal(new ApiBudget(CollectorApis.CloudWatch, 25, 25, true), budgets[CollectorApis.CloudWatch]);
    }
}
