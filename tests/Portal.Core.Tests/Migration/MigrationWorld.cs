using Portal.Core.Health;
using Portal.Core.Metrics;
using Portal.Core.Services;
using Portal.Core.Topology;
using Portal.Core.Traffic;

namespace Portal.Core.Tests.Migration;

/// <summary>
/// One region mid-way between runtimes, in memory: an App Runner service and an ECS Express service beside it, each with
/// its own weighted record and health check, another region beside, and CloudWatch minutes made from the traffic each
/// record carried in that minute. <see cref="ExpressBroken"/> makes ECS Express answer 30% 5xx. Operation records and
/// virtual time come from a <see cref="TwoRegionWorld"/>.
/// </summary>
internal sealed class MigrationWorld : IServiceRuntime, IHealthChecks, ITrafficRouter, IMetricsSource
{
    public const string AppRunnerArn = "arn:aws:apprunner:us-east-2:123456789012:service/webapp/fedcba9876543210fedcba9876543210";
    public const string ExpressArn = "arn:aws:ecs:us-east-2:123456789012:service/default/webapp";

    public TwoRegionWorld Store { get; } = new();

    public EnvironmentTopology Env { get; } = new("production", true, "Z1", "app.example.com", "table",
    [
        new("us-east-1", "arn:aws:apprunner:us-east-1:123456789012:service/webapp/0123456789abcdef0123456789abcdef", "webapp", "hc-1", "use1"),
        new("us-east-2", AppRunnerArn, "webapp", "hc-2", "use2")
        {
            Express = new ExpressTarget(ExpressArn, "hc-2x", "use2-ecs", "app/webapp/0123456789abcdef", "targetgroup/webapp/0123456789abcdef"),
        },
    ]);

    public bool ExpressBroken { get; set; }

    public Dictionary<string, string> Images { get; } = new() { [AppRunnerArn] = "x/webapp:v1", [ExpressArn] = "x/webapp:v1" };

    public Dictionary<string, ServiceStatus> Statuses { get; } = new() { [AppRunnerArn] = ServiceStatus.Running, [ExpressArn] = ServiceStatus.Running };

    public List<string> Paused { get; } = [];

    private readonly Dictionary<string, List<(DateTimeOffset At, int Weight)>> _weights = new()
    {
        ["use1"] = [(TwoRegionWorld.Start.AddDays(-1), 128)],
        ["use2"] = [(TwoRegionWorld.Start.AddDays(-1), 128)],
        ["use2-ecs"] = [(TwoRegionWorld.Start.AddDays(-1), 0)],
    };

    /// <summary>Every weight change, in order: "use2 115, use2-ecs 13".</summary>
    public List<string> Changes { get; } = [];

    public int WeightOf(string set) => _weights[set][^1].Weight;

    public Task<ServiceState> DescribeAsync(string region, string serviceArn, CancellationToken ct = default) =>
        Task.FromResult(new ServiceState(serviceArn, "webapp", "id", Statuses[serviceArn], Images[serviceArn], "webapp.example", null));

    public Task<IReadOnlyList<ServiceOperation>> ListOperationsAsync(string region, string serviceArn, int max = 20, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<ServiceOperation>>([]);

    public Task<ImageUpdate> UpdateImageAsync(string region, string serviceArn, string imageIdentifier, CancellationToken ct = default) =>
        throw new InvalidOperationException("A migration never deploys.");

    public Task<string?> PauseAsync(string region, string serviceArn, CancellationToken ct = default)
    {
        Paused.Add(serviceArn);
        Statuses[serviceArn] = ServiceStatus.Paused;
        return Task.FromResult<string?>("op-pause");
    }

    public Task<string?> ResumeAsync(string region, string serviceArn, CancellationToken ct = default)
        => throw new InvalidOperationException("A migration never resumes.");

    public Task<HealthCheckStatus> GetStatusAsync(string healthCheckId, CancellationToken ct = default) =>
        Task.FromResult(new HealthCheckStatus(healthCheckId, [.. Enumerable.Range(0, 16)
            .Select(i => new CheckerObservation("us-east-1", $"10.0.0.{i}", "Success: HTTP Status Code 200, OK", TwoRegionWorld.Start))]));

    public Task<IReadOnlyList<WeightedRecord>> GetWeightedRecordsAsync(string hostedZoneId, string recordName, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<WeightedRecord>>([.. _weights.Keys.Select(set
            => new WeightedRecord(set, WeightOf(set), "hc-" + set, "CNAME", 60, [$"{set}.example"]))]);

    public Task<RecordChange> SetWeightsAsync(string hostedZoneId, string recordName, IReadOnlyList<WeightedRecord> records, string comment,
        CancellationToken ct = default)
    {
        var changed = records.Where(r => WeightOf(r.SetIdentifier) != r.Weight).ToList();
        foreach (var r in changed) _weights[r.SetIdentifier].Add((Store.Time.GetUtcNow(), r.Weight));
        Changes.Add(string.Join(", ", changed.Select(r => $"{r.SetIdentifier} {r.Weight}")));
        return Task.FromResult(new RecordChange("C1", RecordChangeStatus.Pending, Store.Time.GetUtcNow()));
    }

    public Task<RecordChange> GetChangeAsync(string changeId, CancellationToken ct = default) =>
        Task.FromResult(new RecordChange(changeId, RecordChangeStatus.InSync, Store.Time.GetUtcNow()));

    /// <summary>Runs once per metrics read: lets a test cancel then.</summary>
    public Action? OnMetricsRead { get; set; }

    // App Runner's series come by ServiceName/ServiceID; ECS Express's by the load balancer: each from its own record's traffic.
    public Task<IReadOnlyList<MetricSeries>> GetMetricDataAsync(string region, IReadOnlyList<MetricQuery> queries, DateTimeOffset start, DateTimeOffset end,
        CancellationToken ct = default)
    {
        OnMetricsRead?.Invoke();
        var minutes = new List<DateTimeOffset>();
        for (var m = new DateTimeOffset(start.Ticks - start.Ticks % TimeSpan.TicksPerMinute, TimeSpan.Zero); m < end; m = m.AddMinutes(1))
            if (m >= TwoRegionWorld.Start.AddHours(-2)) minutes.Add(m);
        return Task.FromResult<IReadOnlyList<MetricSeries>>([.. queries.Select(q => new MetricSeries(q.Id,
            [.. minutes.Select(m => new MetricPoint(m, Value(q, m))).Where(p => !double.IsNaN(p.Value))], true))]);
    }

    private double Value(MetricQuery q, DateTimeOffset minute)
    {
        var express = q.Namespace is "AWS/ApplicationELB" or "AWS/ECS";
        var set = express ? "use2-ecs" : q.Dimensions.Any(d => d.Value.Contains("0123456789abcdef0123", StringComparison.Ordinal)) ? "use1" : "use2";
        var total = _weights.Values.Sum(w => w.Last(e => e.At <= minute).Weight);
        var requests = Math.Round(6000.0 * _weights[set].Last(e => e.At <= minute).Weight / total);
        var wobble = 1 + (minute.Minute * 7 + set.Length * 3) % 5 / 100.0 - 0.02;
        var scale = q.Scale;
        return (q.MetricName, q.Stat) switch
        {
            ("Requests", _) => requests,
            // Elastic Load Balancing publishes no RequestCount for a minute without requests.
            ("RequestCount", _) => requests == 0 ? double.NaN : requests,
            ("5xxStatusResponses" or "HTTPCode_Target_5XX_Count", _) => Math.Round(requests * (express && ExpressBroken ? 0.3 : 0.002)),
            (_, _) when requests == 0 => double.NaN,
            ("RequestLatency", "p50") => 40 * wobble,
            ("RequestLatency", "p99") => 180 * wobble,
            // ECS Express reports seconds; the query's scale turns them into the charts' ms, as CloudWatch's adapter does.
            ("TargetResponseTime", "p50") => 0.040 * wobble * scale,
            ("TargetResponseTime", "p99") => 0.180 * wobble * scale,
            ("CPUUtilization", _) => 30 * wobble,
            ("MemoryUtilization", _) => 45 * wobble,
            _ => double.NaN,
        };
    }
}
