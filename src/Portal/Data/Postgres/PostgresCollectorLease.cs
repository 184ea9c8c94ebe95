using Dapper;
using Portal.Core.Status;

namespace Portal.Data.Postgres;

/// <summary>
/// <see cref="ICollectorLease"/> as one row of collector_lease. Taking and renewing is one statement that only
/// succeeds for the holder or on an expired lease, judged on the database's clock (clock_timestamp), so two instances
/// racing for it cannot both win and their own clocks do not matter.
/// </summary>
public sealed class PostgresCollectorLease(PortalDatabase database) : ICollectorLease
{
    public const string LeaseName = "status";

    public async Task<LeaseAnswer> TryHoldAsync(string owner, TimeSpan duration, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var held = await connection.QuerySingleOrDefaultAsync<long?>(Sql.Command(
            "INSERT INTO collector_lease (name, owner, generation, expires_at) VALUES (@name, @owner, 1, clock_timestamp() + @duration) " +
            "ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at, " +
            "generation = CASE WHEN collector_lease.owner = excluded.owner THEN collector_lease.generation ELSE collector_lease.generation + 1 END " +
            "WHERE collector_lease.owner = excluded.owner OR collector_lease.expires_at <= clock_timestamp() " +
            "RETURNING generation",
            new { name = LeaseName, owner, duration }, ct));
        if (held is { } generation) return new LeaseAnswer(true, owner, generation);

        var holder = await connection.QuerySingleOrDefaultAsync<Holder>(Sql.Command(
            "SELECT owner, generation FROM collector_lease WHERE name = @name AND expires_at > clock_timestamp()",
            new { name = LeaseName }, ct));
        return new LeaseAnswer(false, holder?.Owner, holder?.Generation ?? 0);
    }

    public async Task ReleaseAsync(string owner, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(Sql.Command(
            "UPDATE collector_lease SET expires_at = clock_timestamp() WHERE name = @name AND owner = @owner",
            new { name = LeaseName, owner }, ct));
    }

    private sealed record Holder(string Owner, long Generation);
}
