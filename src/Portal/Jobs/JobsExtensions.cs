using Microsoft.Extensions.Options;
using Portal.Core.Operations;
using Portal.Data;
using Portal.Hosting;
using Portal.Topology;
using Quartz;

namespace Portal.Jobs;

public static class JobsExtensions
{
    /// <summary>
    /// Operations as durable Quartz jobs, stored as <see cref="JobStore"/> says: SQLite by default, PostgreSQL and a Quartz
    /// cluster when Portal:Data says so, so several portal instances run each job exactly once.
    /// </summary>
    public static IServiceCollection AddPortalJobs(this IServiceCollection services, IConfiguration configuration)
    {
        var local = PortalModes.IsLocal(configuration);
        services.AddOptions<OperationSettings>()
            .Configure(o => { if (local) LocalDefaults(o); })
            .BindConfiguration("Portal:Operations")
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<OperationSettings>>(new ProblemsValidator<OperationSettings>(o => o.Problems()));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<OperationSettings>>().Value);
        services.AddSingleton<ServiceSteps>();
        services.AddSingleton<RouteSteps>();
        services.AddSingleton<BakeCheck>();
        services.AddSingleton<DeploymentRunner>();
        services.AddSingleton<RebalanceRunner>();
        services.AddSingleton<PauseResumeRunner>();

        services.AddValidatedOptions<NotificationOptions>(NotificationOptions.Section, o => o.Problems());
        // Removing the client's loggers keeps the webhook URL, a secret, out of the request log.
        services.AddHttpClient(JobNotifier.ClientName).RemoveAllLoggers();
        services.AddSingleton<JobNotifier>();
        services.AddSingleton<OperationFinisher>();
        services.AddSingleton<OperationQueue>();
        services.AddTransient<OperationJob>();

        var data = configuration.GetSection(DataOptions.Section).Get<DataOptions>() ?? new DataOptions();
        services.AddQuartz(q => JobStore.Configure(q, data));
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        services.AddHostedService<InterruptedOperations>();
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
