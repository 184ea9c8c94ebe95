using Portal.Core.Topology;

namespace Portal.Core.Status;

/// <summary>
/// The collector's reads fitted into the budgets: which environments to read on this tick (<see cref="ReadPlanner"/>,
/// with the environments that have an operation running and those someone views), whether a region's metrics may be
/// read now, and how long a whole round of the fleet takes.
/// </summary>
/// <param name="busy">The environments with an operation running (a failure to tell counts as none).</param>
public sealed class ReadSchedule(ReadPlanner planner, BudgetBuckets buckets, ViewedEnvironments viewed,
    Func<CancellationToken, Task<IReadOnlySet<string>>> busy)
{
    public string? LastError { get; private set; }

    public async Task<IReadOnlyList<PlannedRead>> DueAsync(IReadOnlyList<EnvironmentTopology> environments, CancellationToken ct)
    {
        if (!planner.AnyDue(environments)) return [];
        IReadOnlySet<string> running;
        try
        {
            running = await busy(ct);
            LastError = null;
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // The operations' store unreachable: read by views and round-robin rather than not at all.
            running = new HashSet<string>();
            LastError = e.Message;
        }
        return planner.Plan(environments, running, viewed.Recent());
    }

    /// <summary>Takes one GetMetricData of <paramref name="region"/> from its budget, if the budget has it.</summary>
    public bool MayReadMetrics(string region) => buckets.TryTake([(CollectorApis.CloudWatch, region, 1)]);

    /// <summary>Takes <paramref name="calls"/> GetMetricData of us-east-1 (Route 53's health check metrics) from its budget, if the budget has them.</summary>
    public bool MayReadHealthMetrics(int calls) => buckets.TryTake([(CollectorApis.CloudWatch, HealthMetrics.Region, calls)]);

    public TimeSpan RoundInterval(IReadOnlyList<EnvironmentTopology> environments) => planner.RoundInterval(environments);

    /// <summary>What AWS's throttling answers of the last 10 minutes did to the reads, one sentence per budget; empty when none.</summary>
    public IReadOnlyList<string> ThrottleNotices(IReadOnlyList<EnvironmentTopology> environments) => planner.ThrottleNotices(environments);

    public TimeSpan CheckerInterval(IReadOnlyList<EnvironmentTopology> environments) => planner.CheckerInterval(environments);
}
