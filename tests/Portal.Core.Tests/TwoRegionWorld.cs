using Portal.Core.Health;
using Portal.Core.Images;
using Portal.Core.Metrics;
using Portal.Core.Operations;
using Portal.Core.Services;
using Portal.Core.Status;
using Portal.Core.Topology;
using Portal.Core.Traffic;

namespace Portal.Core.Tests;

/// <summary>
/// Two regions in memory (or up to five), the ports a canary and a drill use: App Runner services whose deployments finish on the next
/// look, Route 53 weights whose changes are INSYNC on the next look, healthy checks that can be inverted, ECR with every
/// tag, an operation store, and CloudWatch per-minute series made from the traffic each region carried in that minute
/// (by the weights and inverted checks then) and the image it ran: a "-broken" tag answers 30% 5xx, a "-slow" tag is 60% slower.
/// </summary>
internal sealed class TwoRegionWorld : IServiceRuntime, IServiceCapacity, IImageRegistry, IHealthChecks, IHealthCheckControl, ITrafficRouter, IMetricsSource,
    IEndpointProbe, IOperationStore
{
    public static readonly DateTimeOffset Start = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
    private const string Repo = "123456789012.dkr.ecr.{0}.amazonaws.com/webapp";

    public VirtualTime Time { get; } = new(Start);

    /// <summary>Regions a bigger world adds after the first two, in rollout order, with their record set identifiers.</summary>
    private static readonly (string Region, string Set)[] MoreRegions = [("us-west-2", "usw2"), ("eu-west-1", "euw1"), ("ap-southeast-2", "apse2")];

    public EnvironmentTopology Env { get; }

    /// <summary>Requests a minute to the whole environment.</summary>
    public double RequestsPerMinute { get; set; } = 6000;

    /// <summary>Runs once per metrics read (the analysis reads when its time is up): lets a test cancel or stop the portal then.</summary>
    public Action? OnMetricsRead { get; set; }

    public List<string> Updates { get; } = [];

    /// <summary>Each region's auto-scaling limits; a region missing here cannot be read (as when DescribeAutoScalingConfiguration fails).</summary>
    public Dictionary<string, ServiceCapacity> Capacities { get; } = [];

    private readonly Dictionary<string, List<(DateTimeOffset At, string Image)>> _images = new();
    private readonly Dictionary<string, List<(DateTimeOffset At, int Weight)>> _weights = new();
    private readonly Dictionary<string, bool> _inProgress = new();
    private readonly Dictionary<string, List<(DateTimeOffset At, bool Inverted)>> _inverted = new();

    /// <summary>Every UpdateHealthCheck, in order: "hc-1 inverted" / "hc-1 not inverted".</summary>
    public List<string> HealthCheckUpdates { get; } = [];

    public bool IsInverted(string healthCheckId) => _inverted[healthCheckId][^1].Inverted;

    /// <param name="regions">2 (us-east-1, us-east-2) up to 5: us-west-2, eu-west-1 and ap-southeast-2 follow in rollout order.</param>
    public TwoRegionWorld(int regions = 2)
    {
        Env = new("production", true, "Z1", "app.example.com", "table",
        [
            new("us-east-1", "arn:aws:apprunner:us-east-1:123456789012:service/webapp/0123456789abcdef0123456789abcdef", "webapp", "hc-1", "use1"),
            new("us-east-2", "arn:aws:apprunner:us-east-2:123456789012:service/webapp/fedcba9876543210fedcba9876543210", "webapp", "hc-2", "use2"),
            .. MoreRegions.Take(regions - 2).Select((r, i) =>
                new RegionTopology(r.Region, $"arn:aws:apprunner:{r.Region}:123456789012:service/webapp/{i + 3:d32}", "webapp", $"hc-{i + 3}", r.Set)),
        ]);
        foreach (var r in Env.Regions)
        {
            Capacities[r.Region] = new(25, 100);
            _images[r.Region] = [(Start.AddDays(-1), string.Format(Repo, r.Region) + ":v1")];
            _weights[r.SetIdentifier] = [(Start.AddDays(-1), 128)];
            _inProgress[r.Region] = false;
            _inverted[r.HealthCheckId] = [(Start.AddDays(-1), false)];
        }
    }

    public string ImageOf(string region) => _images[region][^1].Image;

    public int WeightOf(string setIdentifier) => _weights[setIdentifier][^1].Weight;

    private static T At<T>(List<(DateTimeOffset At, T Value)> timeline, DateTimeOffset t) => timeline.Last(e => e.At <= t).Value;

    // --- App Runner
    public Task<ServiceState> DescribeAsync(string region, string serviceArn, CancellationToken ct = default)
    {
        var status = _inProgress[region] ? ServiceStatus.OperationInProgress : ServiceStatus.Running;
        _inProgress[region] = false;
        return Task.FromResult(new ServiceState(serviceArn, "webapp", "id", status, ImageOf(region), $"{region}.example", null));
    }

    public Task<IReadOnlyList<ServiceOperation>> ListOperationsAsync(string region, string serviceArn, int max = 20, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<ServiceOperation>>([]);

    public Task<ImageUpdate> UpdateImageAsync(string region, string serviceArn, string imageIdentifier, CancellationToken ct = default)
    {
        Updates.Add($"{region} {ImageReference.TagOf(imageIdentifier)}");
        _images[region].Add((Time.GetUtcNow(), imageIdentifier));
        _inProgress[region] = true;
        return Task.FromResult(new ImageUpdate($"op-{Updates.Count}", new KeptConfiguration("3000", ["NODE_ENV"], [], true, true, false)));
    }

    public Task<string?> PauseAsync(string region, string serviceArn, CancellationToken ct = default)
        => throw new InvalidOperationException("A canary never pauses.");

    public Task<string?> ResumeAsync(string region, string serviceArn, CancellationToken ct = default)
        => throw new InvalidOperationException("A canary never resumes.");

    public Task<ServiceCapacity> GetCapacityAsync(string region, string serviceArn, CancellationToken ct = default) =>
        Capacities.TryGetValue(region, out var capacity) ? Task.FromResult(capacity)
            : throw new InvalidOperationException($"AccessDeniedException: not authorized to perform apprunner:DescribeAutoScalingConfiguration in {region}");

    // --- ECR, health checks, probes
    public Task<ImageInfo?> FindImageAsync(string region, string repository, string tag, CancellationToken ct = default) =>
        Task.FromResult<ImageInfo?>(new ImageInfo(repository, tag, "sha256:" + new string('a', 64), Start, 1));

    public Task<HealthCheckStatus> GetStatusAsync(string healthCheckId, CancellationToken ct = default) =>
        Task.FromResult(new HealthCheckStatus(healthCheckId, [.. Enumerable.Range(0, 16)
            .Select(i => new CheckerObservation("us-east-1", $"10.0.0.{i}", "Success: HTTP Status Code 200, OK", Start))]));

    public Task<ProbeResult> ProbeAsync(string serviceUrl, CancellationToken ct = default) => Task.FromResult(new ProbeResult(serviceUrl, 200, 5, "OK"));

    public Task<bool> IsInvertedAsync(string healthCheckId, CancellationToken ct = default) => Task.FromResult(IsInverted(healthCheckId));

    public Task SetInvertedAsync(string healthCheckId, bool inverted, CancellationToken ct = default)
    {
        HealthCheckUpdates.Add($"{healthCheckId} {(inverted ? "inverted" : "not inverted")}");
        _inverted[healthCheckId].Add((Time.GetUtcNow(), inverted));
        return Task.CompletedTask;
    }

    // --- Route 53
    public Task<IReadOnlyList<WeightedRecord>> GetWeightedRecordsAsync(string hostedZoneId, string recordName, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<WeightedRecord>>([.. Env.Regions.Select(r
            => new WeightedRecord(r.SetIdentifier, WeightOf(r.SetIdentifier), r.HealthCheckId, "CNAME", 60, [$"{r.Region}.example"]))]);

    public Task<RecordChange> SetWeightsAsync(string hostedZoneId, string recordName, IReadOnlyList<WeightedRecord> records, string comment,
        CancellationToken ct = default)
    {
        foreach (var r in records)
            if (WeightOf(r.SetIdentifier) != r.Weight) _weights[r.SetIdentifier].Add((Time.GetUtcNow(), r.Weight));
        return Task.FromResult(new RecordChange("C1", RecordChangeStatus.Pending, Time.GetUtcNow()));
    }

    public Task<RecordChange> GetChangeAsync(string changeId, CancellationToken ct = default) =>
        Task.FromResult(new RecordChange(changeId, RecordChangeStatus.InSync, Time.GetUtcNow()));

    // --- CloudWatch: one point a minute, from what the region was doing in that minute.
    public Task<IReadOnlyList<MetricSeries>> GetMetricDataAsync(string region, IReadOnlyList<MetricQuery> queries, DateTimeOffset start, DateTimeOffset end,
        CancellationToken ct = default)
    {
        OnMetricsRead?.Invoke();
        ct.ThrowIfCancellationRequested(); // as an HTTP call does when the portal stops
        var set = Env.Regions.Single(r => r.Region == region).SetIdentifier;
        var minutes = new List<DateTimeOffset>();
        for (var m = new DateTimeOffset(start.Ticks - start.Ticks % TimeSpan.TicksPerMinute, TimeSpan.Zero); m < end; m = m.AddMinutes(1))
            if (m >= Start.AddHours(-2)) minutes.Add(m);
        var series = queries.Select(q => new MetricSeries(q.Id, [.. minutes.Select(m => new MetricPoint(m, Value(q, region, set, m)))
            .Where(p => !double.IsNaN(p.Value))], true)).ToList();
        return Task.FromResult<IReadOnlyList<MetricSeries>>(series);
    }

    private double Value(MetricQuery q, string region, string set, DateTimeOffset minute)
    {
        var weights = Env.Regions.Select(r => new WeightedTarget(r.Region, At(_weights[r.SetIdentifier], minute), !At(_inverted[r.HealthCheckId], minute)))
            .ToList();
        var requests = Math.Round(RequestsPerMinute * WeightedRouting.Shares(weights)[region]);
        var tag = ImageReference.TagOf(At(_images[region], minute)) ?? "";
        var wobble = 1 + (minute.Minute * 7 + region.Length * 3) % 5 / 100.0 - 0.02;
        var slow = tag.Contains("-slow") ? 1.6 : 1;
        return (q.MetricName, q.Stat) switch
        {
            ("Requests", _) => requests,
            ("5xxStatusResponses", _) => Math.Round(requests * (tag.Contains("-broken") ? 0.3 : 0.002)),
            (_, _) when requests == 0 => double.NaN,
            ("RequestLatency", "p50") => 40 * slow * wobble,
            ("RequestLatency", "p99") => 180 * slow * wobble,
            ("CPUUtilization", _) => 30 * wobble,
            ("MemoryUtilization", _) => 45 * wobble,
            ("ActiveInstances", _) => Math.Ceiling(requests / 1000),
            ("Concurrency", _) => requests / 100 * wobble,
            _ => double.NaN,
        };
    }

    // --- The portal's operation records
    private readonly Dictionary<string, OperationRecord> _records = new();

    public Task<OperationRecord> CreateAsync(OperationRequest request, CancellationToken ct = default)
    {
        var record = new OperationRecord($"op{_records.Count + 1}", request, OperationState.Queued, Time.GetUtcNow(), null, null, null, false, []);
        _records[record.Id] = record;
        return Task.FromResult(record);
    }

    public Task<OperationRecord?> GetAsync(string id, CancellationToken ct = default) => Task.FromResult(_records.GetValueOrDefault(id));

    public Task<OperationPage> ListAsync(OperationQuery query, CancellationToken ct = default) =>
        Task.FromResult(new OperationPage([.. _records.Values.Reverse()], _records.Count, 1, query.PageSize));

    public Task<IReadOnlyList<OperationRecord>> RecentAsync(string environment, OperationKind kind, int max, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<OperationRecord>>([.. _records.Values.Reverse().Where(r => r.Kind == kind).Take(max)]);

    public Task<IReadOnlyList<OperationRecord>> ActiveAsync(CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<OperationRecord>>([.. _records.Values.Where(r => r.IsActive)]);

    public Task MarkRunningAsync(string id, CancellationToken ct = default)
    {
        _records[id] = _records[id] with { State = OperationState.Running, StartedAt = _records[id].StartedAt ?? Time.GetUtcNow() };
        return Task.CompletedTask;
    }

    /// <summary>Runs when a step begins, with its name: lets a test cancel at a chosen step.</summary>
    public Action<string>? OnStepBegun { get; set; }

    public Task<int> BeginStepAsync(string id, string name, string? message, CancellationToken ct = default)
    {
        OnStepBegun?.Invoke(name);
        var r = _records[id];
        _records[id] = r with { Steps = [.. r.Steps, new OperationStep(r.Steps.Count, name, StepState.Running, message, Time.GetUtcNow(), null)] };
        return Task.FromResult(r.Steps.Count);
    }

    /// <summary>Each step update as written, for tests that look at what a running step recorded on the way.</summary>
    public Action<OperationStep>? OnStepUpdated { get; set; }

    public Task UpdateStepAsync(string id, int index, StepState state, string? message, string? data, CancellationToken ct = default)
    {
        var r = _records[id];
        var steps = r.Steps.ToList();
        steps[index] = steps[index] with { State = state, Message = message ?? steps[index].Message, Data = data ?? steps[index].Data,
            EndedAt = state == StepState.Running ? null : Time.GetUtcNow() };
        _records[id] = r with { Steps = steps };
        OnStepUpdated?.Invoke(steps[index]);
        return Task.CompletedTask;
    }

    public Task FinishAsync(string id, OperationState state, string outcome, CancellationToken ct = default)
    {
        _records[id] = _records[id] with { State = state, Outcome = outcome, EndedAt = Time.GetUtcNow() };
        return Task.CompletedTask;
    }

    public Task<bool> RequestCancelAsync(string id, CancellationToken ct = default)
    {
        if (!_records[id].IsActive) return Task.FromResult(false);
        _records[id] = _records[id] with { CancelRequested = true };
        return Task.FromResult(true);
    }
}
