using Portal.Core.Schedules;
using Portal.Jobs.Schedules;

namespace Portal.Tests.Jobs.Schedules;

/// <summary>Fire times on the schedule's wall clock, across daylight-saving changes, and the paused time they add up to.</summary>
public class ScheduleTimesTests
{
    private static ScheduleTimes Times(string pause, string resume, string zone) =>
        ScheduleTimes.Read(new PauseSchedule("s-1", "staging", null, pause, resume, zone, true, DateTimeOffset.UnixEpoch, "test"), DateTimeOffset.UnixEpoch,
            out var problem)
        ?? throw new InvalidOperationException(problem);

    [Fact]
    public void Weekday_evenings_in_New_York_stay_at_20_00_local_when_the_clocks_spring_forward()
    {
        var times = Times("0 20 * * 1-5", "0 8 * * 1-5", "America/New_York");

        // Thursday 5 March 2026; the clocks change on Sunday 8 March.
        var next = times.Next(ScheduledAction.Pause, new DateTimeOffset(2026, 3, 5, 12, 0, 0, TimeSpan.Zero), 3);

        Assert.Equal(
        [
            new DateTimeOffset(2026, 3, 6, 1, 0, 0, TimeSpan.Zero),  // Thu 20:00 EST
            new DateTimeOffset(2026, 3, 7, 1, 0, 0, TimeSpan.Zero),  // Fri 20:00 EST
            new DateTimeOffset(2026, 3, 10, 0, 0, 0, TimeSpan.Zero), // Mon 20:00 EDT: an hour earlier in UTC
        ], next);
        Assert.All(next, t => Assert.Equal(20, TimeZoneInfo.ConvertTime(t, times.Zone).Hour));
    }

    [Fact]
    public void A_fire_in_the_skipped_hour_happens_when_the_clock_jumps_and_the_repeated_hour_fires_once()
    {
        var spring = Times("30 2 * * *", "0 12 * * *", "America/New_York")
            .Next(ScheduledAction.Pause, new DateTimeOffset(2026, 3, 7, 12, 0, 0, TimeSpan.Zero), 3);
        // 02:30 does not exist on 8 March: it fires as the clock jumps to 03:00, and at 02:30 again the day after.
        Assert.Equal([new DateTimeOffset(2026, 3, 8, 3, 0, 0, TimeSpan.FromHours(-4)), new DateTimeOffset(2026, 3, 9, 2, 30, 0, TimeSpan.FromHours(-4))],
            spring.Take(2));

        var autumn = Times("30 1 * * *", "0 12 * * *", "America/New_York")
            .Next(ScheduledAction.Pause, new DateTimeOffset(2026, 10, 31, 12, 0, 0, TimeSpan.Zero), 2);
        Assert.Equal([new DateTimeOffset(2026, 11, 1, 1, 30, 0, TimeSpan.FromHours(-4)), new DateTimeOffset(2026, 11, 2, 1, 30, 0, TimeSpan.FromHours(-5))],
            autumn);
    }

    [Fact]
    public void The_latest_fire_at_or_before_a_moment_is_found_for_frequent_and_rare_crons()
    {
        var at = new DateTimeOffset(2026, 3, 4, 9, 30, 1, TimeSpan.Zero);
        var times = Times("0 20 * * 1-5", "0/2 * * * * ?", "America/New_York");

        Assert.Equal(new DateTimeOffset(2026, 3, 4, 1, 0, 0, TimeSpan.Zero), times.LatestAtOrBefore(ScheduledAction.Pause, at));
        Assert.Equal(new DateTimeOffset(2026, 3, 4, 9, 30, 0, TimeSpan.Zero), times.LatestAtOrBefore(ScheduledAction.Resume, at));
        Assert.Equal(at.AddSeconds(-1), times.LatestAtOrBefore(ScheduledAction.Resume, at.AddSeconds(-1)));
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 5, 0, 0, TimeSpan.Zero),
            Times("0 0 1 1 *", "0 12 * * *", "America/New_York").LatestAtOrBefore(ScheduledAction.Pause, at));
    }

    [Fact]
    public void Weekday_nights_and_weekends_paused_over_a_month_add_up_from_the_cron()
    {
        var times = Times("0 20 * * 1-5", "0 8 * * 1-5", "UTC");
        // Monday 2 March 2026 noon; four full weeks of 4 × 12 h nights plus 60 h weekends, then Mon 30 Mar noon to Wed 1 Apr noon.
        var (paused, covered) = times.PausedOver(new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.Zero), PauseSavings.Horizon);

        Assert.Equal(PauseSavings.Horizon, covered);
        Assert.Equal(4 * (4 * 12 + 60) + 2 * 12, paused.Sum(p => p.Hours), precision: 6);
    }

    [Fact]
    public void A_schedule_paused_at_the_start_of_the_walk_counts_from_the_start()
    {
        var times = Times("0 20 * * *", "0 8 * * *", "UTC");

        var (paused, _) = times.PausedOver(new DateTimeOffset(2026, 3, 2, 23, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(10));

        Assert.Equal([new PausedInterval(new DateTimeOffset(2026, 3, 2, 23, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 3, 8, 0, 0, TimeSpan.Zero))],
            paused);
    }

    [Fact]
    public void A_very_frequent_cron_is_walked_only_part_of_the_month()
    {
        var times = Times("0/2 * * * * ?", "1/2 * * * * ?", "Asia/Tokyo");

        var (paused, covered) = times.PausedOver(new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero), PauseSavings.Horizon);

        Assert.True(covered < TimeSpan.FromDays(1), $"covered {covered}");
        Assert.Equal(0.5, paused.Sum(p => p.Hours) / covered.TotalHours, precision: 3);
    }
}
