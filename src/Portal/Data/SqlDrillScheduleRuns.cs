using Dapper;
using Portal.Core.Schedules;

namespace Portal.Data;

/// <summary><see cref="IDrillScheduleRuns"/> on the portal's database: one row per schedule and scheduled fire in drill_schedule_runs.</summary>
public sealed class SqlDrillScheduleRuns(PortalDatabase database) : IDrillScheduleRuns
{
    public async Task<bool> TryRecordAsync(DrillScheduleRun run, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        // The primary key decides between racing portals: the row count says whether this caller recorded the fire.
        return await connection.ExecuteAsync(Sql.Command(
            "INSERT INTO drill_schedule_runs (schedule_id, due_at, recorded_at, outcome, operation_id, detail) " +
            "VALUES (@ScheduleId, @Due, @RecordedAt, @Outcome, @OperationId, @Detail) ON CONFLICT (schedule_id, due_at) DO NOTHING",
            new
            {
                run.ScheduleId, Due = DbTime.ToDb(run.Due), RecordedAt = DbTime.ToDb(run.RecordedAt), Outcome = run.Outcome.ToString(),
                run.OperationId, run.Detail,
            }, ct)) > 0;
    }

    public async Task UpdateAsync(
        string scheduleId, DateTimeOffset due, DrillRunOutcome outcome, string? operationId, string detail, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(Sql.Command(
            "UPDATE drill_schedule_runs SET outcome = @outcome, operation_id = @operationId, detail = @detail " +
            "WHERE schedule_id = @scheduleId AND due_at = @due",
            new { scheduleId, due = DbTime.ToDb(due), outcome = outcome.ToString(), operationId, detail }, ct));
    }

    public async Task<IReadOnlyList<DrillScheduleRun>> RecentAsync(string scheduleId, int count, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<(string ScheduleId, long DueAt, long RecordedAt, string Outcome, string? OperationId, string Detail)>(
            Sql.Command(
            "SELECT schedule_id, due_at, recorded_at, outcome, operation_id, detail FROM drill_schedule_runs " +
            "WHERE schedule_id = @scheduleId ORDER BY due_at DESC LIMIT @count", new { scheduleId, count }, ct));
        return [.. rows.Select(r => new DrillScheduleRun(r.ScheduleId, DbTime.FromDb(r.DueAt), DbTime.FromDb(r.RecordedAt),
            Enum.Parse<DrillRunOutcome>(r.Outcome), r.OperationId, r.Detail))];
    }

    public async Task DeleteAsync(string scheduleId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(Sql.Command("DELETE FROM drill_schedule_runs WHERE schedule_id = @scheduleId", new { scheduleId }, ct));
    }
}
