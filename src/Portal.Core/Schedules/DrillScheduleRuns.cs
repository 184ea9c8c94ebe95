namespace Portal.Core.Schedules;

public enum DrillRunOutcome
{
    /// <summary>Claimed by a portal, not yet submitted (or the portal stopped in between).</summary>
    Claimed,
    /// <summary>Submitted: the drill is an operation, <see cref="DrillScheduleRun.OperationId"/>, with its own report.</summary>
    Queued,
    /// <summary>The operation queue refused it (busy environment, a rule); the detail says why.</summary>
    Refused,
    /// <summary>Due while no portal was running: never run late.</summary>
    Missed,
}

/// <summary>One fire of a drill schedule, keyed by the fire's scheduled time.</summary>
public sealed record DrillScheduleRun(
    string ScheduleId, DateTimeOffset Due, DateTimeOffset RecordedAt, DrillRunOutcome Outcome, string? OperationId, string Detail);

/// <summary>
/// The fires of drill schedules. Recording a fire is also claiming it: one row per schedule and scheduled time, so a fire
/// is handled once however many portals share the store, and a missed fire recorded at start-up can never run afterwards.
/// </summary>
public interface IDrillScheduleRuns
{
    /// <summary>Inserts <paramref name="run"/> unless its fire is already recorded; true when this caller recorded it.</summary>
    Task<bool> TryRecordAsync(DrillScheduleRun run, CancellationToken ct = default);

    /// <summary>Sets the outcome of a fire this caller claimed.</summary>
    Task UpdateAsync(string scheduleId, DateTimeOffset due, DrillRunOutcome outcome, string? operationId, string detail, CancellationToken ct = default);

    /// <summary>The latest <paramref name="count"/> fires, newest first.</summary>
    Task<IReadOnlyList<DrillScheduleRun>> RecentAsync(string scheduleId, int count, CancellationToken ct = default);

    Task DeleteAsync(string scheduleId, CancellationToken ct = default);
}
