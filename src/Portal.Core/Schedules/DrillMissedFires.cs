namespace Portal.Core.Schedules;

/// <summary>What start-up does with a drill schedule's latest fire on paper: record it as missed, or nothing.</summary>
public sealed record DrillMissedDecision(DateTimeOffset? Missed, string Reason);

/// <summary>
/// A drill is never run late: taking a region out of traffic at a time nobody planned for (hours after the announced
/// slot, maybe during peak) is worse than skipping one drill. So unlike a pause schedule's missed fire, which runs once,
/// a drill's missed fire is only recorded, with the reason, for the schedule's last runs to show.
/// </summary>
public static class DrillMissedFires
{
    /// <param name="latestScheduled">The latest fire on paper at or before the moment considered (older than the job engine's own late-fire allowance).</param>
    /// <param name="lastRecorded">The latest fire recorded for the schedule (run, refused or already recorded as missed).</param>
    /// <param name="savedAt">When the schedule was last saved or enabled: fires before that were never due.</param>
    public static DrillMissedDecision Decide(DateTimeOffset? latestScheduled, DateTimeOffset? lastRecorded, DateTimeOffset savedAt)
    {
        if (latestScheduled is not { } due) return new(null, "no fire was due before now");
        if (due <= savedAt) return new(null, $"the latest fire ({due:u}) was due before the schedule was saved or enabled ({savedAt:u})");
        if (lastRecorded >= due) return new(null, $"the latest fire ({due:u}) is recorded");
        return new(due, $"the drill due at {due:u} was missed while no portal was running; drills never run late, so it is recorded as missed");
    }
}
