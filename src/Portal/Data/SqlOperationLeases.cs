using Dapper;
using Portal.Core.Operations;

namespace Portal.Data;

/// <summary>
/// <see cref="IOperationLeases"/> on the portal's database: one row per operation in operation_jobs. Taking raises the
/// generation in one statement, and confirming compares it in one statement, so two workers racing for an operation
/// (on one instance or two) cannot both believe they own it.
/// </summary>
public sealed class SqlOperationLeases(PortalDatabase database) : IOperationLeases
{
    public async Task<OperationLease> TakeAsync(string operationId, string owner, string jobId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var generation = await connection.QuerySingleAsync<long>(Sql.Command(
            "INSERT INTO operation_jobs (operation_id, job_id, owner, lease) VALUES (@operationId, @jobId, @owner, 1) " +
            "ON CONFLICT (operation_id) DO UPDATE SET job_id = excluded.job_id, owner = excluded.owner, lease = operation_jobs.lease + 1 " +
            "RETURNING lease",
            new { operationId, jobId, owner }, ct));
        return new OperationLease(owner, generation);
    }

    public async Task<bool> HoldsAsync(string operationId, OperationLease lease, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(Sql.Command(
            "SELECT COUNT(*) FROM operation_jobs j JOIN operations o ON o.id = j.operation_id " +
            "WHERE j.operation_id = @operationId AND j.owner = @owner AND j.lease = @generation AND o.active",
            new { operationId, owner = lease.Owner, generation = lease.Generation }, ct)) == 1;
    }

    public async Task SetJobAsync(string operationId, string jobId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(Sql.Command(
            "INSERT INTO operation_jobs (operation_id, job_id) VALUES (@operationId, @jobId) " +
            "ON CONFLICT (operation_id) DO UPDATE SET job_id = excluded.job_id",
            new { operationId, jobId }, ct));
    }

    public async Task<bool> TryReplaceJobAsync(string operationId, string? expected, string replacement, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var sql = expected is null
            ? "INSERT INTO operation_jobs (operation_id, job_id) VALUES (@operationId, @replacement) " +
              "ON CONFLICT (operation_id) DO UPDATE SET job_id = excluded.job_id WHERE operation_jobs.job_id IS NULL"
            : "UPDATE operation_jobs SET job_id = @replacement WHERE operation_id = @operationId AND job_id = @expected";
        return await connection.ExecuteAsync(Sql.Command(sql, new { operationId, expected, replacement }, ct)) == 1;
    }

    public async Task<string?> JobOfAsync(string operationId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<string>(Sql.Command(
            "SELECT job_id FROM operation_jobs WHERE operation_id = @operationId", new { operationId }, ct));
    }
}
