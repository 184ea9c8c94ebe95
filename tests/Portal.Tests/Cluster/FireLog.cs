using System.Collections.Concurrent;
using Hangfire.Server;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.Tests.Cluster;

/// <summary>
/// Every run of recurring jobs whose id starts with a prefix, on every instance it is added to: which job server ran it
/// and for which scheduled fire (Hangfire's "Time" parameter). Registered with each instance before it starts, so the
/// test sees the cluster's runs as one list.
/// </summary>
internal sealed class FireLog(string recurringPrefix) : IServerFilter
{
    private readonly ConcurrentQueue<(string Instance, string Trigger, long? ScheduledAt)> _runs = new();

    public IReadOnlyList<(string Instance, string Trigger, long? ScheduledAt)> Runs => [.. _runs];

    /// <summary>Adds this log to the portal's job filters (every registered server filter runs with each job).</summary>
    public void AddTo(IServiceCollection services) => services.AddSingleton<IServerFilter>(this);

    public void OnPerforming(PerformingContext context)
    {
    }

    // After the run: what the job did (here, a submitted operation) is in the store by now.
    public void OnPerformed(PerformedContext context)
    {
        var recurring = context.GetJobParameter<string>("RecurringJobId");
        if (recurring is null || !recurring.StartsWith(recurringPrefix, StringComparison.Ordinal)) return;
        _runs.Enqueue((context.ServerId, recurring, context.GetJobParameter<long?>("Time")));
    }

    public override string ToString() => string.Join("; ", _runs.Select(r => $"{r.Instance} ran {r.Trigger} for {r.ScheduledAt}"));
}
