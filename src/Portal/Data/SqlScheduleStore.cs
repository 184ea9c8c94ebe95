using Dapper;
using Portal.Core.Schedules;

namespace Portal.Data;

/// <summary><see cref="IScheduleStore"/> on the portal's database, the same SQL for SQLite and PostgreSQL.</summary>
public sealed class SqlScheduleStore(PortalDatabase database) : IScheduleStore
{
    private const string Select =
        "SELECT id AS Id, environment AS Environment, region AS Region, pause_cron AS PauseCron, resume_cron AS ResumeCron, " +
        "time_zone AS TimeZone, enabled AS Enabled, updated_at AS UpdatedAt, updated_by AS UpdatedBy FROM schedules";

    public async Task<IReadOnlyList<PauseSchedule>> ListAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return [.. (await connection.QueryAsync<Row>(Sql.Command(Select + " ORDER BY environment, id", null, ct))).Select(r => r.ToSchedule())];
    }

    public async Task<PauseSchedule?> GetAsync(string id, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QuerySingleOrDefaultAsync<Row>(Sql.Command(Select + " WHERE id = @id", new { id }, ct)))?.ToSchedule();
    }

    public async Task SaveAsync(PauseSchedule schedule, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(schedule.Id);
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(Sql.Command(
            "INSERT INTO schedules (id, environment, region, pause_cron, resume_cron, time_zone, enabled, updated_at, updated_by) " +
            "VALUES (@Id, @Environment, @Region, @PauseCron, @ResumeCron, @TimeZone, @Enabled, @UpdatedAt, @UpdatedBy) " +
            "ON CONFLICT (id) DO UPDATE SET environment = excluded.environment, region = excluded.region, pause_cron = excluded.pause_cron, " +
            "resume_cron = excluded.resume_cron, time_zone = excluded.time_zone, enabled = excluded.enabled, " +
            "updated_at = excluded.updated_at, updated_by = excluded.updated_by",
            new
            {
                schedule.Id, schedule.Environment, schedule.Region, schedule.PauseCron, schedule.ResumeCron, schedule.TimeZone,
                schedule.Enabled, UpdatedAt = DbTime.ToDb(schedule.UpdatedAt), schedule.UpdatedBy,
            }, ct));
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteAsync(Sql.Command("DELETE FROM schedules WHERE id = @id", new { id }, ct)) > 0;
    }

    // Settable, for Dapper: SQLite hands the flag back as an integer, which a record's constructor would refuse.
    private sealed class Row
    {
        public string Id { get; set; } = "";
        public string Environment { get; set; } = "";
        public string? Region { get; set; }
        public string PauseCron { get; set; } = "";
        public string ResumeCron { get; set; } = "";
        public string TimeZone { get; set; } = "";
        public bool Enabled { get; set; }
        public long UpdatedAt { get; set; }
        public string UpdatedBy { get; set; } = "";

        public PauseSchedule ToSchedule() =>
            new(Id, Environment, Region, PauseCron, ResumeCron, TimeZone, Enabled, DbTime.FromDb(UpdatedAt), UpdatedBy);
    }
}
