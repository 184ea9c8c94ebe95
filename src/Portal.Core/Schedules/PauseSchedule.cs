namespace Portal.Core.Schedules;

/// <summary>
/// Pauses an environment (or one of its regions) on one cron and resumes it on another, in an IANA time zone.
/// Cron expressions are stored as typed, in Cronos's dialect: five-field crontab ("0 20 * * 1-5") or six fields with seconds first.
/// </summary>
public sealed record PauseSchedule(
    string Id,
    string Environment,
    string? Region,
    string PauseCron,
    string ResumeCron,
    string TimeZone,
    bool Enabled,
    DateTimeOffset UpdatedAt,
    string UpdatedBy);

/// <summary>The portal's stored schedules (SQLite by default, PostgreSQL when shared).</summary>
public interface IScheduleStore
{
    Task<IReadOnlyList<PauseSchedule>> ListAsync(CancellationToken ct = default);

    Task<PauseSchedule?> GetAsync(string id, CancellationToken ct = default);

    /// <summary>Inserts or replaces by <see cref="PauseSchedule.Id"/>.</summary>
    Task SaveAsync(PauseSchedule schedule, CancellationToken ct = default);

    Task<bool> DeleteAsync(string id, CancellationToken ct = default);
}
