using Portal.Core.Schedules;

namespace Portal.Core.Tests.Schedules;

public class PausedIntervalsTests
{
    private static readonly DateTimeOffset From = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
    private static DateTimeOffset H(double hours) => From.AddHours(hours);

    [Fact]
    public void A_pause_opens_an_interval_and_the_next_resume_closes_it()
    {
        var paused = PausedIntervals.Between(From, H(48), pausedAtFrom: false, [H(20), H(44)], [H(8), H(32)]);

        Assert.Equal([new PausedInterval(H(20), H(32)), new PausedInterval(H(44), H(48))], paused);
    }

    [Fact]
    public void Paused_at_the_start_counts_from_the_start_and_repeated_fires_change_nothing()
    {
        var paused = PausedIntervals.Between(From, H(24), pausedAtFrom: true, [H(2), H(12), H(13)], [H(8), H(9), H(20)]);

        Assert.Equal([new PausedInterval(From, H(8)), new PausedInterval(H(12), H(20))], paused);
    }

    [Fact]
    public void Fires_outside_the_window_are_ignored_and_a_pause_and_resume_together_leave_it_running()
    {
        var paused = PausedIntervals.Between(From, H(24), pausedAtFrom: false, [H(-5), H(6), H(30)], [H(-1), H(6), H(25)]);

        Assert.Empty(paused);
    }

    [Fact]
    public void A_night_across_the_spring_clock_change_is_an_hour_shorter()
    {
        // New York: Saturday 7 March 2026 20:00 EST is 01:00Z; Sunday 8 March 08:00 EDT is 12:00Z: 11 hours, not 12.
        var pause = new DateTimeOffset(2026, 3, 7, 20, 0, 0, TimeSpan.FromHours(-5));
        var resume = new DateTimeOffset(2026, 3, 8, 8, 0, 0, TimeSpan.FromHours(-4));

        var paused = PausedIntervals.Between(pause.AddDays(-1), resume.AddDays(1), false, [pause], [resume]);

        Assert.Equal(11, Assert.Single(paused).Hours);
    }
}
