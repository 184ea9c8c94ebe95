using Portal.Core.Drills;

namespace Portal.Core.Schedules;

/// <summary>
/// Runs a failover drill of one region on a cron in an IANA time zone, e.g. "0 10 ? * TUE#1" in Europe/Berlin: the first
/// Tuesday of each month at 10:00. <see cref="ConfirmedBy"/> is who typed a protected environment's name when saving it:
/// the confirmation a drill by hand asks for, given once for every fire.
/// </summary>
public sealed record DrillSchedule(
    string Id,
    string Environment,
    string Region,
    DrillKind Kind,
    TimeSpan? Hold,
    string Cron,
    string TimeZone,
    bool Enabled,
    DateTimeOffset UpdatedAt,
    string UpdatedBy,
    string? ConfirmedBy = null);

/// <summary>The stored drill schedules (the portal's database: SQLite by default, PostgreSQL when shared).</summary>
public interface IDrillScheduleStore
{
    Task<IReadOnlyList<DrillSchedule>> ListAsync(CancellationToken ct = default);

    Task<DrillSchedule?> GetAsync(string id, CancellationToken ct = default);

    /// <summary>Inserts or replaces by <see cref="DrillSchedule.Id"/>.</summary>
    Task SaveAsync(DrillSchedule schedule, CancellationToken ct = default);

    Task<bool> DeleteAsync(string id, CancellationToken ct = default);
}
