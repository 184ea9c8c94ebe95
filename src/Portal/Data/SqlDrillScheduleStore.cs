using Dapper;
using Portal.Core.Drills;
using Portal.Core.Schedules;

namespace Portal.Data;

/// <summary><see cref="IDrillScheduleStore"/> on the portal's database, the same SQL for SQLite and PostgreSQL.</summary>
public sealed class SqlDrillScheduleStore(PortalDatabase database) : IDrillScheduleStore
{
    private const string Select =
        "SELECT id AS Id, environment AS Environment, region AS Region, kind AS Kind, hold_seconds AS HoldSeconds, cron AS Cron, " +
        "time_zone AS TimeZone, enabled AS Enabled, updated_at AS UpdatedAt, updated_by AS UpdatedBy, confirmed_by AS ConfirmedBy FROM drill_schedules";

    public async Task<IReadOnlyList<DrillSchedule>> ListAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return [.. (await connection.QueryAsync<Row>(Sql.Command(Select + " ORDER BY environment, id", null, ct))).Select(r => r.ToSchedule())];
    }

    public async Task<DrillSchedule?> GetAsync(string id, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QuerySingleOrDefaultAsync<Row>(Sql.Command(Select + " WHERE id = @id", new { id }, ct)))?.ToSchedule();
    }

    public async Task SaveAsync(DrillSchedule schedule, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(schedule.Id);
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(Sql.Command(
            "INSERT INTO drill_schedules (id, environment, region, kind, hold_seconds, cron, time_zone, enabled, updated_at, updated_by, confirmed_by) " +
            "VALUES (@Id, @Environment, @Region, @Kind, @HoldSeconds, @Cron, @TimeZone, @Enabled, @UpdatedAt, @UpdatedBy, @ConfirmedBy) " +
            "ON CONFLICT (id) DO UPDATE SET environment = excluded.environment, region = excluded.region, kind = excluded.kind, " +
            "hold_seconds = excluded.hold_seconds, cron = excluded.cron, time_zone = excluded.time_zone, enabled = excluded.enabled, " +
            "updated_at = excluded.updated_at, updated_by = excluded.updated_by, confirmed_by = excluded.confirmed_by",
            new
            {
                schedule.Id, schedule.Environment, schedule.Region, Kind = schedule.Kind.ToString(), HoldSeconds = (long?)schedule.Hold?.TotalSeconds,
                schedule.Cron, schedule.TimeZone, schedule.Enabled, UpdatedAt = DbTime.ToDb(schedule.UpdatedAt), schedule.UpdatedBy, schedule.ConfirmedBy,
            }, ct));
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteAsync(Sql.Command("DELETE FROM drill_schedules WHERE id = @id", new { id }, ct)) > 0;
    }

    // Settable, for Dapper: SQLite hands the flag back as an integer, which a record's constructor would refuse.
    private sealed class Row
    {
        public string Id { get; set; } = "";
        public string Environment { get; set; } = "";
        public string Region { get; set; } = "";
        public string Kind { get; set; } = "";
        public long? HoldSeconds { get; set; }
        public string Cron { get; set; } = "";
        public string TimeZone { get; set; } = "";
        public bool Enabled { get; set; }
        public long UpdatedAt { get; set; }
        public string UpdatedBy { get; set; } = "";
        public string? ConfirmedBy { get; set; }

        public DrillSchedule ToSchedule() => new(Id, Environment, Region, Enum.Parse<DrillKind>(Kind),
            HoldSeconds is { } s ? TimeSpan.FromSeconds(s) : null, Cron, TimeZone, Enabled, DbTime.FromDb(UpdatedAt), UpdatedBy, ConfirmedBy);
    }
}
