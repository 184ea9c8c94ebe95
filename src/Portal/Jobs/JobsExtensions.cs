using Microsoft.Extensions.Options;
using Portal.Core.Operations;
using Portal.Data;
using Portal.Hosting;
using Hangfire;
using Hangfire.Common;
using Hangfire.Server;
using Portal.Topology;

namespace Portal.Jobs;

public static class JobsExtensions
{
    /// <summary>
    /// Operations as Hangfire jobs on the storage <see cref="JobEngine"/> picks from Portal:Data (Hangfire.InMemory by
    /// default, Hangfire.PostgreSql for several instances), made durable by the portal's records and
    /// <see cref="OperationRecovery"/>, fenced by the leases in the store so a job taken over never acts twice.
    /// </summary>
    public static IServiceCollection AddPortalJobs(this IServiceCollection services, IConfiguration configuration)
    {
        var local = PortalModes.IsLocal(configuration);
        services.AddValidatedOptions<OperationSettings>("Portal:Operations", o => o.Problems(), defaults: o => { if (local) LocalDefaults(o); });
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<OperationSettings>>().Value);
        services.AddSingleton<ServiceSteps>();
        services.AddSingleton<RouteSteps>();
        services.AddSingleton<BakeCheck>();
        services.AddSingleton<DeploymentRunner>();
        services.AddSingleton<RebalanceRunner>();
        services.AddSingleton<PauseResumeRunner>();
        services.AddSingleton<Core.Migration.MigrationRunner>();

        services.AddValidatedOptions<NotificationOptions>(NotificationOptions.Section, o => o.Problems());
        // Removing the client's loggers keeps the webhook URL, a secret, out of the request log.
        services.AddHttpClient(JobNotifier.ClientName).RemoveAllLoggers();
        services.AddSingleton<JobNotifier>();
        services.AddSingleton<OperationFinisher>();
        services.AddSingleton<OperationQueue>();
        services.AddTransient<OperationJob>();

        services.AddSingleton(sp => JobEngine.CreateStorage(sp.GetRequiredService<IOptions<DataOptions>>().Value));
        services.AddSingleton(sp => JobEngine.CreateFilters(sp.GetServices<IServerFilter>()));
        services.AddSingleton<IBackgroundJobClient>(sp => new BackgroundJobClient(sp.GetRequiredService<JobStorage>(),
            sp.GetRequiredService<IJobFilterProvider>()));
        services.AddSingleton<IRecurringJobManager>(sp => new RecurringJobManager(sp.GetRequiredService<JobStorage>(),
            sp.GetRequiredService<IJobFilterProvider>()));
        // What Hangfire.AspNetCore's dashboard looks up (AddHangfire would register them, but would also configure Hangfire's
        // static GlobalConfiguration, shared by every host in the process): its marker, handed over untouched, and its routes.
        services.AddSingleton<IGlobalConfiguration>(GlobalConfiguration.Configuration);
        services.AddSingleton(_ => Hangfire.Dashboard.DashboardRoutes.Routes);
        services.AddSingleton<JobServer>();
        services.AddHostedService(sp => sp.GetRequiredService<JobServer>());
        services.AddHostedService<OperationRecovery>();
        // Long enough for the job server to let a running step finish (see JobServer.ShutdownTimeout).
        services.Configure<HostOptions>(o => o.ShutdownTimeout = JobServer.ShutdownTimeout + TimeSpan.FromSeconds(5));
        return services;
    }

    // LocalCloud runs App Runner's minutes in seconds (TimeScale): the waits shrink with it so the demo moves.
    private static void LocalDefaults(OperationSettings o)
    {
        o.PollInterval = TimeSpan.FromMilliseconds(500);
        o.ImageWaitTimeout = TimeSpan.FromMinutes(2);
        o.ServiceOperationTimeout = TimeSpan.FromMinutes(5);
        o.ChangeSyncTimeout = TimeSpan.FromMinutes(2);
        o.BakeTime = TimeSpan.FromSeconds(15);
    }
}
