using Portal.Data;
using Quartz;

namespace Portal.Jobs;

/// <summary>
/// Where Quartz keeps its jobs, as Portal:Data says: a SQLite file beside the portal's records (one instance), or the
/// shared PostgreSQL database as a Quartz cluster, so several instances run each job once and take over the jobs of
/// an instance that stops.
/// </summary>
public static class JobStore
{
    public static void Configure(IQuartzBuilder q, DataOptions data)
    {
        q.ConfigureScheduler(s =>
        {
            // Left unset (or AUTO), clustering makes Quartz generate an id per start; a fixed id must be one instance's alone.
            if (data.FixedInstanceId is { } id) s.InstanceId = id;
            s.IdleWaitTime = data.IdleWaitTime;
            // On shutdown a running operation is asked to stop and waited for: it stops between AWS calls, its record
            // stays Running, and Quartz hands the firing back, so the next portal (this one restarted, or another
            // instance of a cluster) resumes it from its last step.
            s.ShutdownJobInterruption = ShutdownJobInterruption.WhenWaitingForJobs;
        });
        q.UseDefaultThreadPool(tp => tp.MaxConcurrency = 8);
        q.UsePersistentStore(store =>
        {
            if (data.Provider == DataProvider.Postgres)
            {
                store.UsePostgres(data.ConnectionString ?? "");
                // An instance that misses check-ins for interval + threshold is taken for dead: another takes over its
                // running jobs (RequestRecovery), which resume from their last completed step.
                store.UseClustering(c =>
                {
                    c.CheckinInterval = data.ClusterCheckinInterval;
                    c.CheckinMisfireThreshold = data.ClusterCheckinMisfireThreshold;
                });
            }
            else
            {
                store.UseSqlite(data.SqliteConnectionString("quartz.db"));
            }
            store.ProvisionSchema();
            store.UseSystemTextJsonSerializer();
            store.ConfigureStore(o => o.RecoverFiringsCancelledByShutdown = true);
        });
    }
}
