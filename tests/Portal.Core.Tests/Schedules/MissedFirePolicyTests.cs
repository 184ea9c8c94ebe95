using Portal.Core.Schedules;

namespace Portal.Core.Tests.Schedules;

/// <summary>At start-up only the latest scheduled fire counts; it runs once when missed and recent, otherwise nothing runs.</summary>
public class MissedFirePolicyTests
{
    // The portal comes back at 09:30 UTC; it was down since 19:00 the evening before.
    private static readonly DateTimeOffset Now = new(2026, 3, 3, 9, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Saved = new(2026, 2, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset PauseDue = new(2026, 3, 2, 20, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset ResumeDue = new(2026, 3, 3, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset HandledBeforeDowntime = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = MissedFirePolicy.DefaultWindow;

    [Fact]
    public void A_pause_and_a_resume_both_missed_overnight_run_only_the_latest_once()
    {
        var decision = MissedFirePolicy.Decide(new ActionFires(PauseDue, new DateTimeOffset(2026, 3, 1, 20, 0, 0, TimeSpan.Zero)),
            new ActionFires(ResumeDue, HandledBeforeDowntime), Saved, Now, Window);

        Assert.Equal(ScheduledAction.Resume, decision.Run);
        Assert.Equal(ResumeDue, decision.ScheduledAt);
        Assert.Contains("missed while the portal was down", decision.Reason);
    }

    [Fact]
    public void A_missed_pause_that_is_the_latest_fire_runs()
    {
        var decision = MissedFirePolicy.Decide(new ActionFires(PauseDue, null), new ActionFires(HandledBeforeDowntime, HandledBeforeDowntime),
            Saved, PauseDue.AddHours(3), Window);

        Assert.Equal(ScheduledAction.Pause, decision.Run);
        Assert.Equal(PauseDue, decision.ScheduledAt);
    }

    [Fact]
    public void A_latest_fire_missed_longer_ago_than_the_window_runs_nothing()
    {
        var decision = MissedFirePolicy.Decide(new ActionFires(PauseDue, null), new ActionFires(ResumeDue, HandledBeforeDowntime),
            Saved, ResumeDue + Window + TimeSpan.FromMinutes(1), Window);

        Assert.Null(decision.Run);
        Assert.Contains("beyond the 12 h window", decision.Reason);
    }

    [Fact]
    public void Nothing_missed_runs_nothing()
    {
        var decision = MissedFirePolicy.Decide(new ActionFires(PauseDue, PauseDue), new ActionFires(ResumeDue, ResumeDue), Saved, Now, Window);

        Assert.Null(decision.Run);
        Assert.Contains("ran", decision.Reason);
    }

    [Fact]
    public void An_earlier_missed_fire_superseded_by_a_latest_one_that_ran_runs_nothing()
    {
        var decision = MissedFirePolicy.Decide(new ActionFires(PauseDue, null), new ActionFires(ResumeDue, ResumeDue), Saved, Now, Window);

        Assert.Null(decision.Run);
    }

    [Fact]
    public void Fires_due_before_the_schedule_was_saved_or_enabled_were_never_missed()
    {
        var decision = MissedFirePolicy.Decide(new ActionFires(PauseDue, null), new ActionFires(ResumeDue, null), ResumeDue.AddMinutes(5), Now, Window);

        Assert.Null(decision.Run);
        Assert.Contains("before the schedule was saved or enabled", decision.Reason);
    }

    [Fact]
    public void A_pause_and_resume_due_together_leave_the_service_running()
    {
        var decision = MissedFirePolicy.Decide(new ActionFires(ResumeDue, null), new ActionFires(ResumeDue, null), Saved, Now, Window);

        Assert.Equal(ScheduledAction.Resume, decision.Run);
    }

    [Fact]
    public void No_fire_ever_due_runs_nothing()
    {
        Assert.Null(MissedFirePolicy.Decide(new ActionFires(null, null), new ActionFires(null, null), Saved, Now, Window).Run);
    }
}
