using Dapper;
using Portal.Core.Schedules;

namespace Portal.Data;

/// <summary><see cref="IScheduleFires"/> on the portal's database: one row per schedule and action in schedule_fires.</summary>
public sealed class SqlScheduleFires(PortalDatabase database) : IScheduleFires
{
    public async Task<(DateTimeOffset? Pause, DateTimeOffset? Resume)> LastHandledAsync(string scheduleId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = (await connection.QueryAsync<(string Action, long HandledAt)>(Sql.Command(
            "SELECT action, handled_at FROM schedule_fires WHERE schedule_id = @scheduleId", new { scheduleId }, ct)))
                .ToDictionary(r => r.Action, r => DbTime.FromDb(r.HandledAt));
        return (rows.TryGetValue(nameof(ScheduledAction.Pause), out var pause) ? pause : null,
            rows.TryGetValue(nameof(ScheduledAction.Resume), out var resume) ? resume : null);
    }

    public async Task<bool> TryMarkHandledAsync(string scheduleId, ScheduledAction action, DateTimeOffset due, bool unlessOtherLater,
        CancellationToken ct = default)
    {
        var other = action == ScheduledAction.Pause ? ScheduledAction.Resume : ScheduledAction.Pause;
        await using var connection = await database.OpenAsync(ct);
        // One statement: an insert for the first fire, otherwise an update only when this fire is newer; the row count
        // says whether this caller won. The other action's check is inside the same statement's snapshot.
        return await connection.ExecuteAsync(Sql.Command(
            "INSERT INTO schedule_fires (schedule_id, action, handled_at) " +
            "SELECT @scheduleId, @action, @due WHERE NOT (@unlessOtherLater AND EXISTS " +
            "(SELECT 1 FROM schedule_fires WHERE schedule_id = @scheduleId AND action = @other AND handled_at > @due)) " +
            "ON CONFLICT (schedule_id, action) DO UPDATE SET handled_at = excluded.handled_at WHERE schedule_fires.handled_at < excluded.handled_at",
            new { scheduleId, action = action.ToString(), other = other.ToString(), due = DbTime.ToDb(due), unlessOtherLater }, ct)) > 0;
    }
}
