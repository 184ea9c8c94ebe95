using Portal.Core.Schedules;

namespace Portal.Core.Tests.Schedules;

public class PauseSavingsTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
    private static readonly InstanceSize OneByTwo = new(1, 2, 1);

    private static PausedInterval Hours(double fromHour, double toHour) => new(Start.AddHours(fromHour), Start.AddHours(toHour));

    [Fact]
    public void Paused_hours_times_the_provisioned_price_of_each_instance_in_each_region()
    {
        // 30 nights of 12 h: 360 h × (1 × 0.0064 + 2 × 0.0007 = 0.0078) × 1 instance × 2 regions = 5.616.
        var nights = Enumerable.Range(0, 30).Select(d => Hours(d * 24 + 20, d * 24 + 32)).ToList();

        var estimate = PauseSavings.Estimate(nights, PauseSavings.Horizon, ComputePrices.AppRunnerProvisioned, OneByTwo, regions: 2);

        Assert.Equal(360, estimate.PausedHours, precision: 6);
        Assert.Equal(0.0078m, estimate.PerInstanceHour);
        Assert.Equal(5.616m, estimate.Amount);
        Assert.Equal("360.0 paused h × (1 vCPU × $0.0064 + 2 GB × $0.0007 = $0.0078 per instance-hour) × 1 instance × 2 regions = $5.62",
            estimate.Formula);
    }

    [Fact]
    public void Instance_size_count_and_prices_all_scale_the_saving()
    {
        var estimate = PauseSavings.Estimate([Hours(0, 100)], PauseSavings.Horizon, new ComputePrices(0.01m, 0.001m), new InstanceSize(2, 4, 3), regions: 1);

        // 100 h × (2 × 0.01 + 4 × 0.001 = 0.024) × 3 instances × 1 region = 7.2
        Assert.Equal(7.2m, estimate.Amount);
        Assert.Equal("100.0 paused h × (2 vCPU × $0.01 + 4 GB × $0.001 = $0.024 per instance-hour) × 3 instances × 1 region = $7.20", estimate.Formula);
    }

    [Fact]
    public void A_walk_that_covered_part_of_the_month_is_scaled_to_30_days_and_says_so()
    {
        // Half of a 10-hour sample paused: half of 720 h.
        var estimate = PauseSavings.Estimate([Hours(0, 1), Hours(2, 3), Hours(4, 5), Hours(6, 7), Hours(8, 9)], TimeSpan.FromHours(10),
            ComputePrices.AppRunnerProvisioned, OneByTwo, regions: 1);

        Assert.Equal(360, estimate.PausedHours, precision: 6);
        Assert.Equal(2.808m, estimate.Amount);
        Assert.StartsWith("360.0 paused h (the first 10 h walked, 5.0 h paused, scaled to 30 days) × ", estimate.Formula);
    }

    [Fact]
    public void Nothing_paused_saves_nothing()
    {
        var estimate = PauseSavings.Estimate([], PauseSavings.Horizon, ComputePrices.AppRunnerProvisioned, OneByTwo, regions: 2);

        Assert.Equal(0m, estimate.Amount);
        Assert.EndsWith("= $0.00", estimate.Formula);
    }
}
