using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Portal.Tests.Cluster;

/// <summary>
/// Every run of one group's jobs on every instance it is added to: which instance ran it and for which scheduled fire.
/// Registered with each instance's scheduler before it starts, so the test sees the cluster's runs as one list.
/// </summary>
internal sealed class FireLog(string jobGroup) : IJobListener
{
    private readonly ConcurrentQueue<(string Instance, string Trigger, DateTimeOffset? ScheduledAt)> _runs = new();

    public IReadOnlyList<(string Instance, string Trigger, DateTimeOffset? ScheduledAt)> Runs => [.. _runs];

    public string Name => $"{nameof(FireLog)}-{jobGroup}";

    /// <summary>Adds this log to the portal's scheduler (Quartz's registration is additive).</summary>
    public void AddTo(IServiceCollection services) =>
        services.AddQuartz(q => q.AddJobListener(this, [GroupMatcher<JobKey>.GroupEquals(jobGroup)]));

    // After the run: what the job did (here, a submitted operation) is in the store by now.
    public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
    {
        _runs.Enqueue((context.Scheduler.SchedulerInstanceId, context.Trigger.Key.Name, context.ScheduledFireTimeUtc));
        return ValueTask.CompletedTask;
    }

    public override string ToString() => string.Join("; ", _runs.Select(r => $"{r.Instance} ran {r.Trigger} for {r.ScheduledAt:HH:mm:ss.fff}"));
}
