using System.Data.Common;
using System.Text.Json;
using Dapper;
using Npgsql;
using Portal.Core.Status;

namespace Portal.Data.Postgres;

/// <summary>
/// <see cref="IStatusShare"/> on the cluster's PostgreSQL: the collector's regions as one JSON row under an increasing
/// version, its chart changes as rows tagged with the version that published them, and a NOTIFY on each publish so the
/// other instances read it at once instead of at their next tick. A publish is one transaction that first checks, and
/// holds, the publisher's lease row: a former collector's late write is refused, and a takeover waits for it.
/// </summary>
public sealed class PostgresStatusShare(PortalDatabase database) : IStatusShare, IAsyncDisposable
{
    public const string Channel = "portal_collector";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly SemaphoreSlim _listenGate = new(1, 1);
    private NpgsqlConnection? _listener;

    public async Task<long?> PublishAsync(SharedSnapshot snapshot, string owner, long generation, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        CommandDefinition Command(string sql, object? parameters) => new(sql, parameters, transaction, cancellationToken: ct);

        var holds = await connection.QuerySingleOrDefaultAsync<int?>(Command(
            "SELECT 1 FROM collector_lease WHERE name = @name AND owner = @owner AND generation = @generation AND expires_at > clock_timestamp() FOR SHARE",
            new { name = PostgresCollectorLease.LeaseName, owner, generation }));
        if (holds is null) return null;

        var version = await connection.QuerySingleAsync<long>(Command(
            "INSERT INTO collector_state (name, version, collected_by, published_at, regions, throttling) " +
            "VALUES (@name, 1, @collectedBy, @publishedAt, @regions, @throttling) " +
            "ON CONFLICT (name) DO UPDATE SET version = collector_state.version + 1, collected_by = excluded.collected_by, " +
            "published_at = excluded.published_at, regions = excluded.regions, throttling = excluded.throttling RETURNING version",
            new
            {
                name = PostgresCollectorLease.LeaseName,
                collectedBy = snapshot.CollectedBy,
                publishedAt = DbTime.ToDb(snapshot.PublishedAt),
                regions = JsonSerializer.Serialize(snapshot.Regions, Json),
                throttling = JsonSerializer.Serialize(snapshot.Throttling, Json),
            }));

        if (snapshot.MetricChanges.Count > 0)
        {
            var changes = snapshot.MetricChanges;
            await connection.ExecuteAsync(Command(
                "INSERT INTO collector_metric_points (environment, region, series, at, value, version) " +
                "SELECT e, r, s, a, v, @version FROM unnest(@environments, @regions, @series, @ats, @values) AS p(e, r, s, a, v) " +
                "ON CONFLICT (environment, region, series, at) DO UPDATE SET value = excluded.value, version = excluded.version",
                new
                {
                    version,
                    environments = changes.Select(c => c.Environment).ToArray(),
                    regions = changes.Select(c => c.Region).ToArray(),
                    series = changes.Select(c => c.Series).ToArray(),
                    ats = changes.Select(c => DbTime.ToDb(c.At)).ToArray(),
                    values = changes.Select(c => c.Value).ToArray(),
                }));
            await connection.ExecuteAsync(Command("DELETE FROM collector_metric_points WHERE at < @horizon",
                new { horizon = DbTime.ToDb(snapshot.PublishedAt - MetricHistory.Retention) }));
        }

        await connection.ExecuteAsync(Command("SELECT pg_notify(@channel, @version)",
            new { channel = Channel, version = version.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        await transaction.CommitAsync(ct);
        return version;
    }

    public async Task<SharedUpdate?> ReadSinceAsync(long version, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var state = await connection.QuerySingleOrDefaultAsync<StateRow>(Sql.Command(
            "SELECT version, collected_by AS CollectedBy, published_at AS PublishedAt, regions, throttling FROM collector_state WHERE name = @name",
            new { name = PostgresCollectorLease.LeaseName }, ct));
        if (state is null || state.Version <= version) return null;

        var points = await connection.QueryAsync<PointRow>(Sql.Command(
            "SELECT environment, region, series, at, value FROM collector_metric_points WHERE version > @version AND version <= @latest",
            new { version, latest = state.Version }, ct));
        return new SharedUpdate(
            state.Version,
            state.CollectedBy,
            DbTime.FromDb(state.PublishedAt),
            JsonSerializer.Deserialize<List<SharedRegion>>(state.Regions, Json),
            [.. points.Select(p => new MetricChange(p.Environment, p.Region, p.Series, DbTime.FromDb(p.At), p.Value))])
        {
            Throttling = JsonSerializer.Deserialize<List<string>>(state.Throttling, Json) ?? [],
        };
    }

    /// <summary>Waits on a connection of its own that LISTENs on <see cref="Channel"/>; a broken one is opened again at the next wait.</summary>
    public async Task WaitForPublishAsync(TimeSpan atMost, CancellationToken ct = default)
    {
        await _listenGate.WaitAsync(ct);
        try
        {
            if (_listener is null)
            {
                var connection = (NpgsqlConnection)await database.OpenAsync(ct);
                try
                {
                    await connection.ExecuteAsync(Sql.Command($"LISTEN {Channel}", null, ct));
                }
                catch
                {
                    await connection.DisposeAsync();
                    throw;
                }
                _listener = connection;
            }
            try
            {
                await _listener.WaitAsync(atMost, ct);
            }
            catch (Exception e) when (e is NpgsqlException or DbException or ObjectDisposedException or InvalidOperationException
                && !ct.IsCancellationRequested)
            {
                await _listener.DisposeAsync();
                _listener = null;
                throw;
            }
        }
        finally
        {
            _listenGate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_listener is not null) await _listener.DisposeAsync();
        _listenGate.Dispose();
    }

    private sealed record StateRow(long Version, string CollectedBy, long PublishedAt, string Regions, string Throttling);

    private sealed record PointRow(string Environment, string Region, string Series, long At, double? Value);
}
