using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Common;
using Microsoft.Extensions.Options;
using Portal.Data;

namespace Portal.Jobs;

/// <summary>
/// This instance's Hangfire server: the workers that run operations and schedule fires, and the recurring-job scheduler.
/// Started with the host and stopped with it; stopping asks running jobs to stop at their next safe point and waits for them.
/// </summary>
public sealed class JobServer(
    JobStorage storage,
    IJobFilterProvider filters,
    IServiceScopeFactory scopes,
    IOptions<DataOptions> data,
    ILogger<JobServer> logger) : IHostedService, IDisposable
{
    /// <summary>
    /// How long a stopping server waits for its running jobs to reach their next safe point and hand themselves back
    /// (an AWS call in flight is bounded by the adapters' timeout); the host's own shutdown timeout is longer.
    /// </summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Operations are one per environment and mostly wait on AWS; schedule fires only submit.</summary>
    public const int WorkerCount = 4;

    private BackgroundJobServer? _server;

    /// <summary>This instance's name: Portal:Data:InstanceId, or the host name and a suffix unique to this start.</summary>
    public string Name { get; } = data.Value.FixedInstanceId ?? $"{Environment.MachineName}-{Guid.NewGuid().ToString("N")[..8]}";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _server ??= new BackgroundJobServer(new BackgroundJobServerOptions
        {
            ServerName = Name,
            WorkerCount = WorkerCount,
            Activator = new AspNetCoreJobActivator(scopes),
            FilterProvider = filters,
            // Recurring and delayed jobs are looked at every second (default 15 s), so a schedule fires on its second;
            // a fire later than two of these is left to the start-up missed-fire policy (see ScheduleJobs).
            SchedulePollingInterval = Schedules.ScheduleJobs.PollingInterval,
            // How soon a job learns that Hangfire itself aborted it (default 5 s); an operator's cancel goes through the
            // portal's record instead and is seen at the run's next safe point.
            CancellationCheckInterval = TimeSpan.FromSeconds(1),
            // On stop, running jobs' tokens are cancelled at once (Hangfire's default waits 15 s first): an operation stops
            // at its next safe point, its record stays Running, and Hangfire requeues it for another instance (or for
            // OperationRecovery when this one starts again) without waiting for this instance to be declared dead.
            StopTimeout = TimeSpan.Zero,
            ShutdownTimeout = ShutdownTimeout,
        }, storage);
        logger.LogInformation("Job server {Server} started on {Storage}", Name, storage.GetType().Name);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not { } server) return;
        _server = null;
        server.SendStop();
        await server.WaitForShutdownAsync(cancellationToken);
        server.Dispose();
    }

    public void Dispose() => _server?.Dispose();
}
