using Portal.Core.Health;
using Portal.Core.Metrics;
using Portal.Core.Services;
using Portal.Core.Tables;
using Portal.Core.Topology;
using Portal.Core.Traffic;

namespace Portal.Core.Status;

public sealed record CollectorSettings(VerdictThresholds Thresholds, int OperationsKept);

/// <summary>
/// The one shared reader of AWS. <see cref="RefreshAsync"/> (every ~10 s) reads each region's service,
/// operations, Route 53 checkers, weights, replica status, and probes the endpoint itself;
/// <see cref="RefreshMetricsAsync"/> (every ~60 s) makes one GetMetricData per region for every metric of
/// every environment there. Each read that fails keeps the last value and records the error, so one
/// region's outage (or Route 53's) never blanks the other region or the last known facts.
/// </summary>
public sealed class StatusCollector(
    Func<PortalTopology> topology,
    IServiceRuntime runtime,
    IHealthChecks healthChecks,
    ITrafficRouter router,
    IGlobalTable tables,
    IMetricsSource metrics,
    IEndpointProbe probe,
    StatusBoard board,
    CollectorSettings settings,
    TimeProvider time)
{
    private readonly object _gate = new();
    private readonly Dictionary<(string Env, string Region), RegionStatus> _regions = [];
    private readonly Dictionary<(string Env, string Region), HealthSample> _latestHealth = [];
    private readonly List<MetricChange> _unshared = [];
    private CollectorInfo _collector = CollectorInfo.Unknown;
    private TimeSpan _stretch;
    private TimeSpan _checkerStretch;
    private bool _historyLoaded;

    /// <summary>The environments of the current topology.</summary>
    public IReadOnlyList<EnvironmentTopology> Environments => topology().Environments;

    public Task RefreshAsync(CancellationToken ct) => RefreshAsync([.. topology()
        .Environments.Select(env => new PlannedRead(env, State: true, Checkers: true))], ct);

    /// <summary>Reads <paramref name="due"/> (the others keep their last facts, ageing) and publishes every environment.</summary>
    public async Task RefreshAsync(IReadOnlyList<PlannedRead> due, CancellationToken ct)
    {
        await Task.WhenAll(due.Select(read => read.State ? RefreshEnvironmentAsync(read.Environment, read.Checkers, ct) : RefreshCheckersAsync(read.Environment,
            ct)));
        Publish(topology().Environments);
    }

    private async Task RefreshEnvironmentAsync(EnvironmentTopology env, bool checkers, CancellationToken ct)
    {
        var records = Read(() => router.GetWeightedRecordsAsync(env.HostedZoneId, env.RecordName, ct), ct);
        var tableViews = env.Regions.ToDictionary(r => r.Region, r => Read(() => tables.DescribeAsync(r.Region, env.TableName, ct), ct));
        var regionReads = env.Regions.Select(async region =>
        {
            var current = Get(env, region);
            var service = Read(() => runtime.DescribeAsync(region.Region, region.ServiceArn, ct), ct);
            var operations = Read(() => runtime.ListOperationsAsync(region.Region, region.ServiceArn, settings.OperationsKept, ct), ct);
            // Without the checkers' budget this time, their last detail stays (ageing) and CloudWatch's verdict speaks meanwhile.
            var check = checkers ? Read(() => healthChecks.GetStatusAsync(region.HealthCheckId, ct), ct) : null;
            await Task.WhenAll(service, operations, check ?? Task.CompletedTask);

            // The probe needs the endpoint's address; the last known one will do when App Runner's API is failing.
            var url = (await service).Value?.Url ?? current.Service.Value?.Url;
            Task<ProbeResult?> probed = url is null ? Task.FromResult<ProbeResult?>(null) : ProbeAsync(url, ct);
            var now = time.GetUtcNow();
            var updated = current with
            {
                Service = Apply(current.Service, await service, now),
                Operations = Apply(current.Operations, await operations, now),
                HealthCheck = check is null ? current.HealthCheck : Apply(current.HealthCheck, await check, now),
                Probe = await probed is { } p ? current.Probe.Succeeded(p, now) : current.Probe,
            };
            if (check is not null && (await check).Value is { } status) AddHealthSample(env, region, status, now);
            return updated;
        }).ToList();

        var regions = await Task.WhenAll(regionReads);
        var recordsRead = await records;
        var readAt = time.GetUtcNow();
        for (var i = 0; i < regions.Length; i++)
        {
            var region = regions[i];
            var record = recordsRead.Value?.FirstOrDefault(r => r.SetIdentifier == region.Topology.SetIdentifier);
            var recordObserved = recordsRead.Error is not null ? region.Record.Failed(recordsRead.Error, readAt)
                : record is null ? region.Record.Failed($"No weighted record with set identifier '{region.Topology.SetIdentifier}' under {env.RecordName}",
                    readAt)
                : region.Record.Succeeded(record, readAt);
            regions[i] = region with { Record = recordObserved, Replica = await ReplicaOf(region, env, tableViews, readAt) };
        }
        lock (_gate)
            foreach (var region in regions)
                // CloudWatch's verdict is read on its own and may have landed while these reads were out.
                _regions[(env.Name, region.Region)] = _regions.TryGetValue((env.Name, region.Region), out var held) && held.Topology == region.Topology
                    ? region with { HealthMetric = held.HealthMetric } : region;
    }

    /// <summary>Only the checkers' detail of every region of <paramref name="env"/>, its state left as it is.</summary>
    private async Task RefreshCheckersAsync(EnvironmentTopology env, CancellationToken ct)
    {
        var reads = await Task.WhenAll(env.Regions.Select(async region
            => (region, Read: await Read(() => healthChecks.GetStatusAsync(region.HealthCheckId, ct), ct))));
        var now = time.GetUtcNow();
        foreach (var (region, read) in reads)
        {
            if (read.Value is { } status) AddHealthSample(env, region, status, now);
            lock (_gate)
            {
                var current = Get(env, region);
                _regions[(env.Name, region.Region)] = current with { HealthCheck = Apply(current.HealthCheck, read, now) };
            }
        }
    }

    private void AddHealthSample(EnvironmentTopology env, RegionTopology region, HealthCheckStatus status, DateTimeOffset now)
    {
        var sample = new HealthSample(now, status.Observations);
        board.Health.Add(env.Name, region.Region, sample);
        lock (_gate) _latestHealth[(env.Name, region.Region)] = sample;
    }

    /// <summary>A replica's status is reported by the other regions' DescribeTable, so an outage in one region still shows the other's replica.</summary>
    private static async Task<Observed<ReplicaState>> ReplicaOf(RegionStatus region, EnvironmentTopology env,
        Dictionary<string, Task<ReadResult<GlobalTableState>>> views, DateTimeOffset now)
    {
        string? error = null;
        foreach (var (viewer, view) in views)
        {
            if (viewer == region.Region) continue;
            var read = await view;
            if (read.Value?.Replicas.FirstOrDefault(r => r.Region == region.Region) is { } replica) return region.Replica.Succeeded(replica, now);
            error ??= read.Error ?? $"{env.TableName} as seen from {viewer} has no replica in {region.Region}";
        }
        return error is null ? region.Replica : region.Replica.Failed(error, now);
    }

    /// <summary>One GetMetricData per region for every environment's series there; the first call loads 24 h, later ones the last hour.</summary>
    public Task RefreshMetricsAsync(CancellationToken ct) => RefreshMetricsAsync(_ => true, ct);

    /// <summary>As <see cref="RefreshMetricsAsync(CancellationToken)"/>, for the regions <paramref name="mayRead"/> allows now (its budget).</summary>
    public async Task RefreshMetricsAsync(Func<string, bool> mayRead, CancellationToken ct)
    {
        var environments = topology().Environments;
        var now = time.GetUtcNow();
        // Up to the end of the current minute: it is still filling, but its latency, utilization and
        // replication values are already meaningful; Summarize keeps counts to complete minutes.
        var end = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerMinute, TimeSpan.Zero) + DashboardMetrics.Minute;
        var firstLoad = !_historyLoaded;
        // Whole hours, so the hourly p99 query's newest bucket is exactly the last hour.
        var start = end - (firstLoad ? MetricHistory.Retention : TimeSpan.FromHours(1));

        var byRegion = environments.SelectMany(env => env.Regions.Select(region => (env, region))).GroupBy(x => x.region.Region)
            .Where(g => mayRead(g.Key)).ToList();
        var reads = byRegion.Select(async group =>
        {
            // Each query either feeds a chart series (kept in history) or is the hourly p99 towards one region (kept on the card only).
            var plan = new List<(string Env, string Region, string? Series, string? P99To, MetricQuery Query)>();
            foreach (var (env, region) in group)
            {
                foreach (var metric in DashboardMetrics.Service)
                    plan.Add((env.Name, region.Region, metric.Key, null, DashboardMetrics.ServiceQuery($"q{plan.Count}", region, metric)));
                foreach (var other in env.Regions.Where(r => r.Region != region.Region))
                {
                    plan.Add((env.Name, region.Region, $"{DashboardMetrics.ReplicationKey}:{other.Region}", null,
                        DashboardMetrics.ReplicationQuery($"q{plan.Count}", env.TableName, other.Region, "Average", DashboardMetrics.Minute)));
                    plan.Add((env.Name, region.Region, null, other.Region, DashboardMetrics.ReplicationQuery($"q{plan.Count}", env.TableName, other.Region,
                        "p99", TimeSpan.FromHours(1))));
                }
            }
            var read = await Read(() => metrics.GetMetricDataAsync(group.Key, [.. plan.Select(p => p.Query)], start, end, ct), ct);
            return (Region: group.Key, Plan: plan, Read: read);
        });

        var results = await Task.WhenAll(reads);
        var readAt = time.GetUtcNow();
        foreach (var (regionName, plan, read) in results)
        {
            if (read.Value is { } series)
                foreach (var (item, data) in plan.Zip(series))
                    if (item.Series is not null)
                    {
                        var changes = board.Metrics.Merge(item.Env, item.Region, item.Series, start, end, data.Points, readAt);
                        lock (_gate) _unshared.AddRange(changes);
                    }

            foreach (var env in environments.Where(e => e.Regions.Any(r => r.Region == regionName)))
            {
                var topologyRegion = env.Regions.First(r => r.Region == regionName);
                var current = Get(env, topologyRegion);
                var hourP99 = read.Value is null ? null : plan.Zip(read.Value).Where(x => x.First.Env == env.Name && x.First.P99To is not null)
                    .ToDictionary(x => x.First.P99To!, x => x.Second.Points.Count > 0 ? x.Second.Points[^1].Value : (double?)null);
                var updated = read.Error is not null
                    ? current with { Metrics = current.Metrics.Failed(read.Error, readAt), Lag = current.Lag.Failed(read.Error, readAt) }
                    : current with
                    {
                        Metrics = current.Metrics.Succeeded(Summarize(env.Name, regionName, end), readAt),
                        Lag = current.Lag.Succeeded(env.Regions.Where(r => r.Region != regionName).Select(other =>
                            new ReplicationLag(other.Region, board.Metrics.Latest(env.Name, regionName,
                                $"{DashboardMetrics.ReplicationKey}:{other.Region}")?.Value, hourP99!.GetValueOrDefault(other.Region))).ToList(), readAt),
                    };
                lock (_gate) _regions[(env.Name, regionName)] = updated;
            }
        }
        // The first load counts as done once every region of the topology had its day of history.
        if (results.Length == environments.SelectMany(e => e.Regions).Select(r => r.Region).Distinct().Count()
            && results.All(r => r.Read.Error is null)) _historyLoaded = true;
        Publish(environments);
    }

    /// <summary>
    /// Route 53's verdict for every health check of the fleet from CloudWatch (us-east-1), in one logical GetMetricData
    /// (the adapter splits it per 500 queries and per account): cheap, so every region has a verdict of known age
    /// even when the budget of GetHealthCheckStatus reaches each check only every few minutes.
    /// </summary>
    /// <param name="mayRead">Takes the calls (requests of up to 500 queries) from the budget; false: not this time.</param>
    public async Task RefreshHealthMetricsAsync(Func<int, bool> mayRead, CancellationToken ct)
    {
        var environments = topology().Environments;
        var checks = environments.SelectMany(env => env.Regions.Select(region => (env, region))).ToList();
        var ids = checks.Select(c => c.region.HealthCheckId).Distinct(StringComparer.Ordinal).ToList();
        var queries = HealthMetrics.Queries(ids);
        if (queries.Count == 0 || !mayRead((queries.Count + HealthMetrics.MaxQueriesPerRequest - 1) / HealthMetrics.MaxQueriesPerRequest)) return;
        var now = time.GetUtcNow();
        var end = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerMinute, TimeSpan.Zero) + DashboardMetrics.Minute;
        var read = await Read(() => metrics.GetMetricDataAsync(HealthMetrics.Region, queries, end - HealthMetrics.Lookback, end, ct), ct);
        var readAt = time.GetUtcNow();
        var index = ids.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i, StringComparer.Ordinal);
        foreach (var (env, region) in checks)
        {
            var current = Get(env, region);
            var latest = read.Value is { } answer ? HealthMetrics.Latest(answer, index[region.HealthCheckId]) : null;
            var observed = latest is not null ? current.HealthMetric.Succeeded(latest, readAt)
                : current.HealthMetric.Failed(read.Error ?? $"CloudWatch has no HealthCheckStatus for {region.HealthCheckId} in the last " +
                    $"{HealthMetrics.Lookback.TotalMinutes:0} min", readAt);
            lock (_gate) _regions[(env.Name, region.Region)] = current with { HealthMetric = observed };
        }
        Publish(environments);
    }

    private MetricsSummary Summarize(string env, string region, DateTimeOffset end)
    {
        var current = end - DashboardMetrics.Minute;
        var complete = current - DashboardMetrics.Minute;
        double? Latest(string series) => board.Metrics.Latest(env, region, series) is { } p && p.Timestamp >= complete ? p.Value : null;
        // Counts only from the last complete minute: the current one is still filling and would under-count.
        double? CompleteMinute(string series) => board.Metrics.Read(env, region, series, complete)
            .FirstOrDefault(p => p.Timestamp == complete) is { Timestamp.Ticks: > 0 } p ? p.Value : null;
        var requests = CompleteMinute("requests");
        double? Rate(string series) => requests is > 0 && CompleteMinute(series) is { } n ? n / requests : requests is 0 ? 0 : null;
        return new MetricsSummary(complete, requests, Rate("http4xx"), Rate("http5xx"), Latest("latencyP50"), Latest("latencyP99"), Latest("instances"),
            Latest("cpu"), Latest("memory"));
    }

    private void Publish(IReadOnlyList<EnvironmentTopology> environments)
    {
        var now = time.GetUtcNow();
        TimeSpan stretch, checkerStretch;
        lock (_gate) (stretch, checkerStretch) = (_stretch, _checkerStretch);
        // Reads further apart than the refresh interval (the budgets' doing) are not stale for that alone.
        var thresholds = settings.Thresholds with
        {
            StaleAfter = settings.Thresholds.StaleAfter + stretch,
            CheckersStaleAfter = settings.Thresholds.StaleAfter + checkerStretch,
        };
        var snapshots = environments.Select(env =>
        {
            var regions = env.Regions.Select(r => Get(env, r)).ToList();
            var shares = SharesOf(regions);
            return new EnvironmentStatus(env, now, [.. regions.Select(r => r with
            {
                TrafficShare = shares?.GetValueOrDefault(r.Topology.SetIdentifier),
                Verdict = VerdictRules.Judge(r, now, thresholds),
                Stale = Staleness.Of(r, now, thresholds),
                RouteHealth = RouteHealth.Of(r, now, thresholds),
            })]);
        }).ToList();
        CollectorInfo collector;
        lock (_gate) collector = _collector;
        board.Publish(snapshots, collector);
    }

    /// <summary>How much longer than the refresh interval the budgets make the time between two reads of an environment.</summary>
    /// <param name="checkersBeyond">The same for each region's checker detail (GetHealthCheckStatus), on its own smaller budget.</param>
    public void Stretch(TimeSpan beyondRefreshInterval, TimeSpan checkersBeyond)
    {
        lock (_gate)
        {
            _stretch = beyondRefreshInterval > TimeSpan.Zero ? beyondRefreshInterval : TimeSpan.Zero;
            _checkerStretch = checkersBeyond > TimeSpan.Zero ? checkersBeyond : TimeSpan.Zero;
        }
    }

    /// <summary>Says on the board which instance the facts come from, from the next publish on.</summary>
    public void CollectedBy(CollectorInfo collector)
    {
        lock (_gate) _collector = collector;
    }

    /// <summary>Judges the facts held again at the current time (their ages grow while nobody collects) and publishes them.</summary>
    public void Republish() => Publish(topology().Environments);

    /// <summary>
    /// What the other instances need of this one's reads: every region's facts and latest Route 53 sample, and the chart
    /// points changed since the last acknowledged export.
    /// </summary>
    public SharedSnapshot Export(string collectedBy)
    {
        var environments = topology().Environments;
        lock (_gate)
        {
            var regions = environments.SelectMany(env => env.Regions
                    .Where(r => _regions.ContainsKey((env.Name, r.Region)))
                    .Select(r => new SharedRegion(env.Name, _regions[(env.Name, r.Region)], _latestHealth.GetValueOrDefault((env.Name, r.Region)))))
                .ToList();
            return new SharedSnapshot(collectedBy, time.GetUtcNow(), regions, [.. _unshared]);
        }
    }

    /// <summary>The export's chart points reached the others: later exports leave them out.</summary>
    public void Acknowledge(SharedSnapshot exported)
    {
        lock (_gate) _unshared.RemoveRange(0, Math.Min(exported.MetricChanges.Count, _unshared.Count));
    }

    /// <summary>
    /// Takes over the collecting instance's facts (kept if this instance collects later, so a takeover starts from them)
    /// and publishes them, judged on this instance's clock.
    /// </summary>
    public void Adopt(SharedUpdate update)
    {
        var environments = topology().Environments;
        var now = time.GetUtcNow();
        foreach (var shared in update.Regions ?? [])
        {
            var env = environments.FirstOrDefault(e => e.Name == shared.Environment);
            // Another instance may run an older or newer topology for a while: take only what this one also has.
            if (env is null || !env.Regions.Contains(shared.Status.Topology)) continue;
            lock (_gate)
            {
                _regions[(env.Name, shared.Status.Region)] = shared.Status;
                if (shared.LatestHealth is { } sample) _latestHealth[(env.Name, shared.Status.Region)] = sample;
            }
            if (shared.LatestHealth is { } latest && board.Health.Read(env.Name, shared.Status.Region) is var held
                && (held.Count == 0 || held[^1].At < latest.At))
                board.Health.Add(env.Name, shared.Status.Region, latest);
        }
        board.Metrics.Apply(update.MetricChanges, now);
        Publish(environments);
    }

    /// <summary>Route 53's split given every record's weight and health; unknown while any weight is unknown.</summary>
    private static IReadOnlyDictionary<string, double>? SharesOf(IReadOnlyList<RegionStatus> regions)
    {
        if (regions.Any(r => r.Record.Value is null)) return null;
        return WeightedRouting.Shares([.. regions.Select(r => new WeightedTarget(r.Topology.SetIdentifier, r.Record.Value!.Weight,
            r.HealthCheck.Value?.IsHealthy ?? true))]);
    }

    private RegionStatus Get(EnvironmentTopology env, RegionTopology region)
    {
        lock (_gate)
            return _regions.TryGetValue((env.Name, region.Region), out var status) && status.Topology == region ? status : RegionStatus.Unobserved(region);
    }

    private async Task<ProbeResult?> ProbeAsync(string url, CancellationToken ct)
    {
        try { return await probe.ProbeAsync(url, ct); }
        catch (Exception) when (!ct.IsCancellationRequested) { return null; }
    }

    private sealed record ReadResult<T>(T? Value, string? Error) where T : class;

    private static async Task<ReadResult<T>> Read<T>(Func<Task<T>> call, CancellationToken ct) where T : class
    {
        try { return new(await call(), null); }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { throw; }
        catch (Exception e) { return new(null, e.Message); }
    }

    private static Observed<T> Apply<T>(Observed<T> current, ReadResult<T> read, DateTimeOffset now) where T : class =>
        read.Value is { } value ? current.Succeeded(value, now) : current.Failed(read.Error ?? "no value", now);
}
