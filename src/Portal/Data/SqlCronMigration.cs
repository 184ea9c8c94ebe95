using Dapper;

namespace Portal.Data;

/// <summary>One stored cron rewritten, or left as it was with the reason (<see cref="To"/> null).</summary>
public sealed record CronRewrite(string ScheduleId, string Field, string From, string? To, string? Problem);

/// <summary>
/// Rewrites every stored schedule's crons once in the life of a database: the first portal to start on a data folder or
/// database an older portal wrote converts them, in one transaction with the record that it did, so neither a restart nor
/// a second instance starting at the same moment converts them twice.
/// </summary>
public sealed class SqlCronMigration(PortalDatabase database, TimeProvider time)
{
    /// <param name="name">The migration's name in data_migrations.</param>
    /// <param name="convert">The new text of a cron, or null with the reason when it has no equivalent (it is then kept).</param>
    public async Task<IReadOnlyList<CronRewrite>> RunOnceAsync(string name, Func<string, (string? To, string? Problem)> convert, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var claimed = await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO data_migrations (name, done_at) VALUES (@name, @now) ON CONFLICT (name) DO NOTHING",
            new { name, now = DbTime.ToDb(time.GetUtcNow()) }, transaction, cancellationToken: ct));
        if (claimed == 0) return [];
        var rewrites = new List<CronRewrite>();
        var rows = await connection.QueryAsync<(string Id, string PauseCron, string ResumeCron)>(new CommandDefinition(
            "SELECT id, pause_cron, resume_cron FROM schedules ORDER BY id", transaction: transaction, cancellationToken: ct));
        foreach (var (id, pauseCron, resumeCron) in rows)
        {
            foreach (var (column, from) in new[] { ("pause_cron", pauseCron), ("resume_cron", resumeCron) })
            {
                var (to, problem) = convert(from);
                rewrites.Add(new CronRewrite(id, column, from, to, problem));
                if (to is null || to == from) continue;
                await connection.ExecuteAsync(new CommandDefinition(
                    $"UPDATE schedules SET {column} = @to WHERE id = @id", new { id, to }, transaction, cancellationToken: ct));
            }
        }
        await transaction.CommitAsync(ct);
        return rewrites;
    }
}
