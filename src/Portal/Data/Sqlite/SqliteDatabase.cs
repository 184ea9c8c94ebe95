using System.Data.Common;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Portal.Data.Sqlite;

/// <summary>
/// The embedded default: the file portal.db in <see cref="DataOptions.ResolvedDirectory"/>. WAL lets readers go on
/// while one connection writes; busy_timeout makes a second writer (another connection, or a second portal process
/// on the same file) wait its turn instead of failing with "database is locked".
/// </summary>
public sealed class SqliteDatabase(string connectionString) : PortalDatabase
{
    public const string FileName = "portal.db";

    // SQLite's own codes: SQLITE_CONSTRAINT, and its UNIQUE and PRIMARYKEY extended codes.
    private const int Constraint = 19, ConstraintUnique = 2067, ConstraintPrimaryKey = 1555;

    private static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    public static SqliteDatabase Create(DataOptions options) =>
        new(new SqliteConnectionStringBuilder(options.SqliteConnectionString(FileName)) { ForeignKeys = true }.ToString());

    public override bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: Constraint, SqliteExtendedErrorCode: ConstraintUnique or ConstraintPrimaryKey };

    protected override string AutoIncrementKey => "integer PRIMARY KEY";

    protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(ct);
            // Per connection: pooled connections keep it, but a new physical one starts at 0 (fail at once).
            var busy = ((long)BusyTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
            await connection.ExecuteAsync(new CommandDefinition($"PRAGMA busy_timeout = {busy}", cancellationToken: ct));
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    protected override async Task CreateSchemaAsync(DbConnection connection, IReadOnlyList<string> statements, CancellationToken ct)
    {
        // Stored in the file, so once is enough; it cannot change inside a transaction.
        await connection.ExecuteAsync(new CommandDefinition("PRAGMA journal_mode = WAL", cancellationToken: ct));
        // Microsoft.Data.Sqlite begins IMMEDIATE: the write lock first, so a second process waits here, not halfway.
        await using var transaction = await connection.BeginTransactionAsync(ct);
        foreach (var statement in statements)
            await connection.ExecuteAsync(new CommandDefinition(statement, transaction: transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
    }
}
