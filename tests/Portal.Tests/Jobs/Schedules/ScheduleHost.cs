using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Audit;
using Portal.Core.Schedules;
using Portal.Jobs.Schedules;
using Hangfire;
using Hangfire.Storage;
using Portal.Tests.Jobs;

namespace Portal.Tests.Jobs.Schedules;

/// <summary>A started portal's schedule side: the service, the store, Hangfire's recurring jobs, the audit trail and LocalCloud's services.</summary>
internal sealed class ScheduleHost(PortalApplication app)
{
    private readonly JobsClient _jobs = new(app);

    /// <summary>Starts the portal (its hosted services: LocalCloud, the job server, the schedules' start-up) if it is not yet.</summary>
    public ScheduleHost Started()
    {
        _ = _jobs.Http;
        return this;
    }

    public ScheduleService Service => app.Services.GetRequiredService<ScheduleService>();

    public IScheduleStore Store => app.Services.GetRequiredService<IScheduleStore>();

    /// <summary>The recurring jobs Hangfire holds for <paramref name="scheduleId"/> (every schedule's when null).</summary>
    public IReadOnlyList<RecurringJobDto> RecurringJobs(string? scheduleId = null)
    {
        using var connection = app.Services.GetRequiredService<JobStorage>().GetConnection();
        return [.. connection.GetRecurringJobs().Where(j => j.Id.StartsWith(ScheduleJobs.Prefix + scheduleId, StringComparison.Ordinal))];
    }

    /// <summary>How Hangfire handles a missed fire of the recurring job <paramref name="recurringJobId"/>, as it stored it.</summary>
    public MisfireHandlingMode? MisfireHandling(string recurringJobId)
    {
        using var connection = app.Services.GetRequiredService<JobStorage>().GetConnection();
        // Hangfire keeps it in the recurring job's hash; absent means its default, Relaxed.
        var stored = connection.GetAllEntriesFromHash($"recurring-job:{recurringJobId}")?.GetValueOrDefault("Misfire");
        return stored is null ? MisfireHandlingMode.Relaxed : Enum.Parse<MisfireHandlingMode>(stored);
    }

    public async Task<IReadOnlyList<AuditEvent>> AuditByAsync(string actor) =>
        await app.Services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery(Actor: actor));

    public string Status(string environment, string region) => _jobs.Service(environment, region).Status;

    public Task<PauseSchedule> SaveAsync(string? env, string? region, string? pause, string? resume, string? zone, bool enabled = true) =>
        Service.SaveAsync(null, new ScheduleDraft(env, region, pause, resume, zone, enabled), "olga", "192.0.2.7");

    /// <summary>Waits (a bound, not a measured time) until the LocalCloud service reads <paramref name="status"/>.</summary>
    public async Task StatusBecomesAsync(string environment, string region, string status) =>
        Assert.True(await Eventually.Async(() => Task.FromResult(Status(environment, region) == status)),
            $"{environment} {region} never became {status}; it is {Status(environment, region)}");
}
