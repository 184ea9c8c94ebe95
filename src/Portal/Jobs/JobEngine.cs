using Hangfire;
using Hangfire.Common;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Server;
using Portal.Data;

namespace Portal.Jobs;

/// <summary>
/// Hangfire, wired per portal host rather than through its static GlobalConfiguration: the storage, the filters and the
/// client are this host's services, so two portals in one process (tests, the benchmarks) never share a job store.
/// Embedded default: Hangfire.InMemory, because durability comes from the portal's own records (see
/// <see cref="OperationRecovery"/>); several instances: Hangfire.PostgreSql in its own schema of the portal's database.
/// </summary>
public static class JobEngine
{
    /// <summary>
    /// Hangfire.PostgreSql's schema, apart from the portal's tables (and from an older portal's qrtz_ tables, which are
    /// left alone): "hangfire", or "&lt;schema&gt;_hangfire" when the connection string's search path puts the portal's
    /// tables in a schema of their own, so two portals sharing a server in separate schemas never take each other's jobs.
    /// </summary>
    public static string PostgresSchemaOf(string connectionString) =>
        new Npgsql.NpgsqlConnectionStringBuilder(connectionString).SearchPath?.Split(',')[0].Trim() is { Length: > 0 } schema
            ? $"{schema}_hangfire"
            : "hangfire";

    public static JobStorage CreateStorage(DataOptions data)
    {
        if (data.Provider != DataProvider.Postgres) return new InMemoryStorage(new InMemoryStorageOptions());
        var options = new PostgreSqlStorageOptions
        {
            SchemaName = PostgresSchemaOf(data.ConnectionString!),
            PrepareSchemaIfNecessary = true,
            // Without it a job running longer than the invisibility timeout is fetched again by another instance and
            // runs twice; with it a live instance keeps renewing its jobs, so the timeout can be short and a dead
            // instance's job is taken over after JobTakeoverTimeout.
            UseSlidingInvisibilityTimeout = true,
            InvisibilityTimeout = data.JobTakeoverTimeout,
            // A job queued on this instance wakes this instance's workers at once (Hangfire.PostgreSql signals its own
            // queue), so a click reaches AWS in well under a second; the poll is how an idle instance finds a job another
            // instance queued or handed back (default 15 s). Long polling (LISTEN/NOTIFY) would hold a connection per
            // idle worker for that gain on the other instances only.
            QueuePollInterval = data.JobPollInterval,
        };
        // Workers and Hangfire's own processes (heartbeat, schedulers, expiry) borrow connections briefly; the cap keeps
        // one instance from taking a shared server's connection slots (PostgreSQL's default is 100 for everyone).
        var connectionString = new Npgsql.NpgsqlConnectionStringBuilder(data.ConnectionString) { MaxPoolSize = JobServer.WorkerCount + 6 }.ConnectionString;
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
    }

    /// <summary>
    /// The filters every job of this host runs with: no automatic retries (a retry is an operator's decision, through
    /// the portal's Retry, which re-checks guardrails and is audited; Hangfire's default would run a failed deployment
    /// ten more times), the jobs' own attributes, and any <see cref="IServerFilter"/> registered in the container.
    /// </summary>
    public static IJobFilterProvider CreateFilters(IEnumerable<IServerFilter> serverFilters)
    {
        var filters = new JobFilterCollection { new AutomaticRetryAttribute { Attempts = 0 } };
        foreach (var filter in serverFilters) filters.Add(filter);
        return new JobFilterProviderCollection(filters, new JobFilterAttributeFilterProvider());
    }
}
