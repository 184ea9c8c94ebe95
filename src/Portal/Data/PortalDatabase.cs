using System.Data.Common;

namespace Portal.Data;

/// <summary>
/// The portal's own database, one per process: opens connections and creates the tables on first use. The stores
/// share their SQL between providers; what differs (connecting, guarding schema creation against a second
/// process, recognising a unique violation, spelling an identity key) is here.
/// </summary>
public abstract class PortalDatabase : IDisposable, IAsyncDisposable
{
    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private volatile bool _schemaReady;

    /// <summary>An open connection to a database whose tables exist; the caller disposes it.</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        var connection = await OpenConnectionAsync(ct);
        try
        {
            if (!_schemaReady) await EnsureSchemaAsync(connection, ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>True when <paramref name="exception"/> is a unique or primary key violation.</summary>
    public abstract bool IsUniqueViolation(DbException exception);

    // Both kinds: a host disposed synchronously refuses a singleton that is only IAsyncDisposable.
    public void Dispose()
    {
        DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    public virtual ValueTask DisposeAsync()
    {
        _schemaGate.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    /// <summary>The provider's increasing integer primary key, for <see cref="PortalSchema.Statements"/>.</summary>
    protected abstract string AutoIncrementKey { get; }

    protected abstract Task<DbConnection> OpenConnectionAsync(CancellationToken ct);

    /// <summary>Runs <paramref name="statements"/> so that another process doing the same at the same time waits, then finds them done.</summary>
    protected abstract Task CreateSchemaAsync(DbConnection connection, IReadOnlyList<string> statements, CancellationToken ct);

    // Concurrent first calls in this process wait for one creation; a failed one is tried again by the next call.
    private async Task EnsureSchemaAsync(DbConnection connection, CancellationToken ct)
    {
        await _schemaGate.WaitAsync(ct);
        try
        {
            if (_schemaReady) return;
            await CreateSchemaAsync(connection, PortalSchema.Statements(AutoIncrementKey), ct);
            _schemaReady = true;
        }
        finally
        {
            _schemaGate.Release();
        }
    }
}
