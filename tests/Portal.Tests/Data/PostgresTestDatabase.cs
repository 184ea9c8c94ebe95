using Npgsql;
using Portal.Data;
using Portal.Data.Postgres;

namespace Portal.Tests.Data;

/// <summary>
/// A schema of its own in the test database (PORTAL_TEST_POSTGRES, which ./test.sh sets after starting PostgreSQL),
/// dropped afterwards. The stores see it through the connection's search path, as a fresh database. An unreachable
/// server fails the test, saying how to start one: these tests are never skipped.
/// </summary>
public sealed class PostgresTestDatabase : TestDatabase
{
    public const string Variable = "PORTAL_TEST_POSTGRES";
    public const string DefaultConnectionString = "Host=127.0.0.1;Port=5432;Username=portal;Password=portal;Database=portal_test";

    private static readonly string ServerConnectionString = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured
        ? configured
        : DefaultConnectionString;

    private readonly string _schema = "test_" + Guid.NewGuid().ToString("N");
    private bool _created;

    public override async Task InitializeAsync()
    {
        try
        {
            await ExecuteAsync($"CREATE SCHEMA {_schema}");
            _created = true;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            var server = new NpgsqlConnectionStringBuilder(ServerConnectionString);
            var from = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } ? $"from {Variable}" : $"the default: {Variable} is not set";
            throw new InvalidOperationException(
                $"PostgreSQL is not reachable at {server.Host}:{server.Port}, database {server.Database}, user {server.Username} ({from}): " +
                $"{e.Message.TrimEnd('.')}. Start PostgreSQL with ./test.sh (it installs and starts it and sets {Variable}), " +
                $"or set {Variable} to a server's connection string.", e);
        }
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_created) await ExecuteAsync($"DROP SCHEMA {_schema} CASCADE; DROP SCHEMA IF EXISTS {Portal.Jobs.JobEngine.PostgresSchemaOf(ConnectionString)} " +
            $"CASCADE");
    }

    /// <summary>The server with this schema as the search path: what a portal's Portal:Data:ConnectionString would be.</summary>
    public string ConnectionString => new NpgsqlConnectionStringBuilder(ServerConnectionString) { SearchPath = _schema }.ConnectionString;

    protected override PortalDatabase Create() => PostgresDatabase.Create(ConnectionString);

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ServerConnectionString) { Timeout = 5,
            Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
