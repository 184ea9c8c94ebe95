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
    /// <summary>Hangfire.PostgreSql's tables live here, apart from the portal's own (and from an older portal's qrtz_ tables, which are left alone).</summary>
    public const string PostgresSchema = "hangfire";

    public static JobStorage CreateStorage(DataOptions data)
    {
        if (data.Provider != DataProvider.Postgres) return new InMemoryStorage(new InMemoryStorageOptions());
        var options = new PostgreSqlStorageOptions
        {
            SchemaName = PostgresSchema,
            PrepareSchemaIfNecessary = true,
            // Without it a job running longer than the invisibility timeout is fetched again by another instance and
            // runs twice; with it a live instance keeps renewing its jobs, so the timeout can be short and a dead
            // instance's job is taken over after JobTakeoverTimeout.
            UseSlidingInvisibilityTimeout = true,
            InvisibilityTimeout = data.JobTakeoverTimeout,
            // LISTEN/NOTIFY: an idle instance hears of a new job at once instead of at its next poll (a click must reach
            // AWS in well under a second); the poll interval only bounds a lost notification.
            EnableLongPolling = true,
            QueuePollInterval = data.JobPollInterval,
        };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(data.ConnectionString!, options), options);
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
