using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Portal.Core.Audit;
using Portal.Core.Operations;
using Portal.Core.Schedules;
using Portal.Data.Postgres;
using Portal.Data.Sqlite;
using Portal.Hosting;

namespace Portal.Data;

public static class DataExtensions
{
    /// <summary>
    /// The portal's own records (operations and their steps, the audit trail, schedules, sign-in sessions) in SQLite or PostgreSQL as
    /// Portal:Data says. Tables are created on first use, so a misconfigured database shows at the first request
    /// that needs it, with the provider's error; the options themselves are checked at start-up.
    /// </summary>
    public static IServiceCollection AddPortalData(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<DataOptions>(DataOptions.Section, o => o.Problems());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => CreateDatabase(sp.GetRequiredService<IOptions<DataOptions>>().Value));
        services.AddSingleton<IOperationStore, SqlOperationStore>();
        services.AddSingleton<IOperationLeases, SqlOperationLeases>();
        services.AddSingleton<IScheduleStore, SqlScheduleStore>();
        services.AddSingleton<IScheduleFires, SqlScheduleFires>();
        services.AddSingleton<IDrillScheduleStore, SqlDrillScheduleStore>();
        services.AddSingleton<IDrillScheduleRuns, SqlDrillScheduleRuns>();
        services.AddSingleton<SqlCronMigration>();
        services.AddSingleton<IAuditLog, SqlAuditLog>();
        services.AddSingleton<SqlSessionStore>();
        return services;
    }

    public static PortalDatabase CreateDatabase(DataOptions options) => options.Provider switch
    {
        DataProvider.Sqlite => SqliteDatabase.Create(options),
        DataProvider.Postgres => PostgresDatabase.Create(options.ConnectionString!),
        _ => throw new ArgumentOutOfRangeException(nameof(options), options.Provider, $"{DataOptions.Section}:Provider must be Sqlite or Postgres."),
    };
}
