using Portal.Hosting;

namespace Portal.Jobs.Schedules;

public static class SchedulesExtensions
{
    /// <summary>
    /// Pause/resume schedules on Quartz (after <see cref="JobsExtensions.AddPortalJobs"/>, whose scheduler and operation
    /// queue they use): the service behind the Schedules page, the job a cron fires, and the start-up sync and missed-fire policy.
    /// </summary>
    public static IServiceCollection AddPortalSchedules(this IServiceCollection services)
    {
        services.AddValidatedOptions<ScheduleOptions>(ScheduleOptions.Section, o => o.Problems());
        services.AddValidatedOptions<PricingOptions>(PricingOptions.Section, o => o.Problems());

        services.AddSingleton<ScheduleValidator>();
        services.AddSingleton<ScheduleTriggers>();
        services.AddSingleton<ScheduleService>();
        services.AddSingleton<ScheduleOverview>();
        services.AddSingleton<LocalDemoSchedule>();
        services.AddTransient<ScheduledActionJob>();
        services.AddHostedService<ScheduleStartup>();
        return services;
    }
}
