namespace Portal.Core.Schedules;

public enum ScheduledAction
{
    Pause,
    Resume,
}

/// <summary>One cron's side: its latest fire on paper at or before now, and the latest fire the portal really handled.</summary>
public sealed record ActionFires(DateTimeOffset? LatestScheduled, DateTimeOffset? LastHandled);

/// <summary>What to do at start-up: <see cref="Run"/> once for the fire at <see cref="ScheduledAt"/>, or nothing; <see cref="Reason"/> for the log.</summary>
public sealed record MissedFireDecision(ScheduledAction? Run, DateTimeOffset? ScheduledAt, string Reason);

/// <summary>
/// Fires missed while the portal was down are not replayed one by one: a pause and a resume both missed overnight must not
/// run in whatever order they are found. Only the latest scheduled fire (pause or resume) matters, because it says the
/// state the schedule wants now. It runs once if it was missed (after the last fire handled for that cron, and after the
/// schedule was saved or enabled) and is no older than the window; otherwise nothing runs and the next fire comes on time.
/// </summary>
public static class MissedFirePolicy
{
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromHours(12);

    /// <param name="savedAt">When the schedule was last saved or enabled: fires before that were never due.</param>
    public static MissedFireDecision Decide(ActionFires pause, ActionFires resume, DateTimeOffset savedAt, DateTimeOffset now, TimeSpan window)
    {
        ScheduledAction action;
        DateTimeOffset due;
        DateTimeOffset? handled;
        // A pause and a resume due at the same instant leave the service running: the resume counts as the later one.
        if (resume.LatestScheduled is { } r && (pause.LatestScheduled is not { } p || r >= p))
            (action, due, handled) = (ScheduledAction.Resume, r, resume.LastHandled);
        else if (pause.LatestScheduled is { } onlyPause)
            (action, due, handled) = (ScheduledAction.Pause, onlyPause, pause.LastHandled);
        else
            return new(null, null, "no fire was due before now");

        var name = action.ToString().ToLowerInvariant();
        if (due <= savedAt)
            return new(null, null, $"the latest {name} ({due:u}) was due before the schedule was saved or enabled ({savedAt:u})");
        if (handled >= due)
            return new(null, null, $"the latest {name} ({due:u}) ran");
        if (now - due > window)
            return new(null, null, $"the latest {name} ({due:u}) was missed {(now - due).TotalHours:0.#} h ago, beyond the {window.TotalHours:0.#} h window: " +
                $"skipped");
        return new(action, due, $"the latest {name} ({due:u}) was missed while the portal was down: running it once now");
    }
}
