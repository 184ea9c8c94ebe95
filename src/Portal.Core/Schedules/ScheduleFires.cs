namespace Portal.Core.Schedules;

/// <summary>
/// Per schedule and action, the scheduled time of the latest fire handled: what tells a missed fire from one that ran,
/// and what makes each fire run once across every portal instance sharing the store.
/// </summary>
public interface IScheduleFires
{
    Task<(DateTimeOffset? Pause, DateTimeOffset? Resume)> LastHandledAsync(string scheduleId, CancellationToken ct = default);

    /// <summary>
    /// Atomically records <paramref name="due"/> as handled for <paramref name="action"/> unless that fire (or a later one)
    /// already was; with <paramref name="unlessOtherLater"/> also unless the other action handled a later fire (a catch-up
    /// the schedule has moved past). True when this caller is the one to act on the fire.
    /// </summary>
    Task<bool> TryMarkHandledAsync(string scheduleId, ScheduledAction action, DateTimeOffset due, bool unlessOtherLater, CancellationToken ct = default);
}
