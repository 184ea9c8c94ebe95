using System.Data.Common;
using Dapper;
using Portal.Core.Operations;

namespace Portal.Data;

/// <summary>
/// <see cref="IOperationStore"/> on the portal's database, the same SQL for SQLite and PostgreSQL. The rule of one
/// active operation per environment is the database's (a unique index over active rows), so it holds across
/// portal processes sharing the database.
/// </summary>
public sealed class SqlOperationStore(PortalDatabase database, TimeProvider time) : IOperationStore
{
    private const string NewestFirst = " ORDER BY created_at DESC, id DESC";
    private const string OnlyIfActive = " WHERE id = @Id AND active";
    private const int CreateAttempts = 3;

    public async Task<OperationRecord> CreateAsync(OperationRequest request, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Environment);
        var now = time.GetUtcNow();
        var json = OperationJson.Serialize(request);
        await using var connection = await database.OpenAsync(ct);
        for (var attempt = 1; ; attempt++)
        {
            var id = NewId();
            try
            {
                await connection.ExecuteAsync(Sql.Command(
                    "INSERT INTO operations (id, kind, environment, request, state, created_at, active) " +
                    "VALUES (@id, @kind, @environment, @json, @state, @createdAt, TRUE)",
                    new { id, kind = request.Kind.ToString(), environment = request.Environment, json, state = nameof(OperationState.Queued),
                        createdAt = DbTime.ToDb(now) }, ct));
                return new OperationRecord(id, request, OperationState.Queued, now, null, null, null, false, []);
            }
            catch (DbException e) when (database.IsUniqueViolation(e))
            {
                var active = await connection.QuerySingleOrDefaultAsync<string>(Sql.Command(
                    "SELECT id FROM operations WHERE environment = @environment AND active", new { environment = request.Environment }, ct));
                if (active is not null) throw new EnvironmentBusyException(request.Environment, active);
                // The active one finished between our insert and the look-up (or the new id was taken): try again.
                if (attempt == CreateAttempts) throw;
            }
        }
    }

    public async Task<OperationRecord?> GetAsync(string id, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await LoadAsync(connection, " WHERE id = @id", new { id }, ct)).SingleOrDefault();
    }

    public async Task<OperationPage> ListAsync(OperationQuery query, CancellationToken ct = default)
    {
        var filter = new SqlFilter()
            .Equal("environment", query.Environment)
            .Equal("kind", query.Kind?.ToString())
            .Equal("state", query.State?.ToString());
        var page = filter.Page(query.Page, query.PageSize, nameof(OperationQuery));
        await using var connection = await database.OpenAsync(ct);
        var total = await connection.ExecuteScalarAsync<long>(Sql.Command($"SELECT COUNT(*) FROM operations{filter.Where}", filter.Parameters, ct));
        var items = await LoadAsync(connection, filter.Where + NewestFirst + page, filter.Parameters, ct);
        return new OperationPage(items, (int)total, query.Page, query.PageSize);
    }

    public async Task<IReadOnlyList<OperationRecord>> RecentAsync(string environment, OperationKind kind, int max, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        await using var connection = await database.OpenAsync(ct);
        return await LoadAsync(connection, " WHERE environment = @environment AND kind = @kind" + NewestFirst + " LIMIT @max",
            new { environment, kind = kind.ToString(), max }, ct);
    }

    public async Task<IReadOnlyList<OperationRecord>> ActiveAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await LoadAsync(connection, " WHERE active ORDER BY created_at, id", null, ct);
    }

    public Task MarkRunningAsync(string id, CancellationToken ct = default) =>
        UpdateActiveAsync(id, "marked running",
            "UPDATE operations SET state = @state, started_at = COALESCE(started_at, @now)" + OnlyIfActive,
            new { Id = id, state = nameof(OperationState.Running), now = DbTime.ToDb(time.GetUtcNow()) }, ct);

    public async Task<int> BeginStepAsync(string id, string name, string? message, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        await using var connection = await database.OpenAsync(ct);
        // One statement: the next index and the insert cannot be split by another step of the same operation.
        var index = await connection.QuerySingleOrDefaultAsync<int?>(Sql.Command(
            "INSERT INTO operation_steps (operation_id, idx, name, state, message, started_at) " +
            "SELECT id, (SELECT COALESCE(MAX(idx) + 1, 0) FROM operation_steps WHERE operation_id = @id), @name, @state, @message, @now " +
            "FROM operations WHERE id = @id RETURNING idx",
            new { id, name, state = nameof(StepState.Running), message, now = DbTime.ToDb(time.GetUtcNow()) }, ct));
        return index ?? throw new KeyNotFoundException($"No operation has id '{id}'; cannot begin step '{name}'.");
    }

    public async Task UpdateStepAsync(string id, int index, StepState state, string? message, string? data, CancellationToken ct = default)
    {
        long? endedAt = state == StepState.Running ? null : DbTime.ToDb(time.GetUtcNow());
        await using var connection = await database.OpenAsync(ct);
        var updated = await connection.ExecuteAsync(Sql.Command(
            "UPDATE operation_steps SET state = @state, message = COALESCE(@message, message), data = COALESCE(@data, data), ended_at = @endedAt " +
            "WHERE operation_id = @id AND idx = @index",
            new { id, index, state = state.ToString(), message, data, endedAt }, ct));
        if (updated == 0) throw new KeyNotFoundException($"Operation '{id}' has no step {index}.");
    }

    public Task FinishAsync(string id, OperationState state, string outcome, CancellationToken ct = default)
    {
        if (state is OperationState.Queued or OperationState.Running)
            throw new ArgumentOutOfRangeException(nameof(state), state, "An operation finishes Succeeded, Failed, Cancelled or Interrupted.");
        return UpdateActiveAsync(id, "finished",
            "UPDATE operations SET state = @state, outcome = @outcome, ended_at = @now, active = FALSE" + OnlyIfActive,
            new { Id = id, state = state.ToString(), outcome, now = DbTime.ToDb(time.GetUtcNow()) }, ct);
    }

    public async Task<bool> RequestCancelAsync(string id, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteAsync(Sql.Command("UPDATE operations SET cancel_requested = TRUE" + OnlyIfActive, new { Id = id }, ct)) > 0;
    }

    /// <summary>"op-" and 12 hex digits of a random Guid: 48 random bits, short enough to read out and put in a URL.</summary>
    private static string NewId() => "op-" + Guid.NewGuid().ToString("N")[..12];

    // An update that applies only to an active operation; when it changed nothing, says whether the id is unknown
    // or the operation already ended.
    private async Task UpdateActiveAsync(string id, string action, string sql, object parameters, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        if (await connection.ExecuteAsync(Sql.Command(sql, parameters, ct)) > 0) return;
        var state = await connection.QuerySingleOrDefaultAsync<string>(Sql.Command("SELECT state FROM operations WHERE id = @id", new { id }, ct));
        if (state is null) throw new KeyNotFoundException($"No operation has id '{id}'.");
        throw new InvalidOperationException($"Operation {id} is {state}; only a queued or running operation can be {action}.");
    }

    // The operations the tail (WHERE, ORDER BY, LIMIT) selects, each with its steps in order.
    private static async Task<IReadOnlyList<OperationRecord>> LoadAsync(DbConnection connection, string tail, object? parameters, CancellationToken ct)
    {
        var rows = (await connection.QueryAsync<OperationRows.Operation>(Sql.Command($"SELECT {OperationRows.OperationColumns} FROM operations{tail}",
            parameters, ct))).AsList();
        if (rows.Count == 0) return [];
        // One parameter per id: Dapper expands "IN @list" for SQLite but passes an array to Npgsql, which would need "= ANY".
        var ids = new DynamicParameters();
        for (var i = 0; i < rows.Count; i++) ids.Add($"id{i}", rows[i].Id);
        var steps = (await connection.QueryAsync<OperationRows.Step>(Sql.Command(
            $"SELECT {OperationRows.StepColumns} FROM operation_steps WHERE operation_id IN ({string.Join(", ", rows.Select((_, i) => $"@id{i}"))}) ORDER BY " +
                $"operation_id, idx",
            ids, ct))).ToLookup(s => s.OperationId, s => s.ToStep());
        return [.. rows.Select(r => r.ToRecord([.. steps[r.Id]]))];
    }
}
