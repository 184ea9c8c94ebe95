using Portal.Core.Schedules;

namespace Portal.Core.Tests.Schedules;

/// <summary>A drill's fire missed while no portal ran is recorded as missed, once, and never run.</summary>
public class DrillMissedFiresTests
{
    private static readonly DateTimeOffset Saved = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Due = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_fire_due_after_saving_and_not_recorded_is_missed_and_says_it_is_not_run_late()
    {
        var decision = DrillMissedFires.Decide(Due, lastRecorded: Due.AddMonths(-1), Saved);

        Assert.Equal(Due, decision.Missed);
        Assert.Contains("drills never run late", decision.Reason);
    }

    [Fact]
    public void A_fire_already_recorded_run_refused_or_missed_is_not_recorded_again()
    {
        Assert.Null(DrillMissedFires.Decide(Due, lastRecorded: Due, Saved).Missed);
    }

    [Fact]
    public void A_fire_due_before_the_schedule_was_saved_or_enabled_was_never_due()
    {
        Assert.Null(DrillMissedFires.Decide(Due, lastRecorded: null, savedAt: Due.AddMinutes(1)).Missed);
        Assert.Null(DrillMissedFires.Decide(Due, lastRecorded: null, savedAt: Due).Missed);
    }

    [Fact]
    public void No_fire_on_paper_means_nothing_missed()
    {
        Assert.Null(DrillMissedFires.Decide(null, null, Saved).Missed);
    }
}
