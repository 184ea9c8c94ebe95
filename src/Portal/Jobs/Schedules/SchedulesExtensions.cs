using Portal.Hosting;

namespace Portal.Jobs.Schedules;

public static class SchedulesExtensions
{
    /// <summary>
    /// Pause/resume schedules as Hangfire recurring jobs (after <see cref="JobsExtensions.AddPortalJobs"/>, whose job storage and operation
    /// queue they use): the service behind the Schedules page, the job a cron fires, and the start-up sync and missed-fire policy;
    /// the same for drill schedules (a missed drill is recorded, never run late).
    /// </summary>
    public static IServiceCollection AddPortalSchedules(this IServiceCollection services)
    {
        services.AddValidatedOptions<ScheduleOptions>(ScheduleOptions.Section, o => o.Problems());
        services.AddValidatedOptions<PricingOptions>(PricingOptions.Section, o => o.Problems());

        services.AddSingleton<ScheduleValidator>();
        services.AddSingleton<ScheduleJobs>();
        services.AddSingleton<ScheduleService>();
        services.AddSingleton<ScheduleOverview>();
        services.AddSingleton<LocalDemoSchedule>();
        services.AddTransient<ScheduledActionJob>();
        services.AddHostedService<ScheduleStartup>();

        services.AddSingleton<DrillScheduleValidator>();
        services.AddSingleton<DrillScheduleJobs>();
        services.AddSingleton<DrillScheduleService>();
        services.AddSingleton<DrillScheduleOverview>();
        services.AddTransient<DrillScheduleJob>();
        services.AddHostedService<DrillScheduleStartup>();
        return services;
    }
}
