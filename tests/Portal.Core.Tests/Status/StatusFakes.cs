using Portal.Core.Health;
using Portal.Core.Metrics;
using Portal.Core.Services;
using Portal.Core.Status;
using Portal.Core.Tables;
using Portal.Core.Topology;
using Portal.Core.Traffic;

namespace Portal.Core.Tests.Status;

/// <summary>Every AWS port the collector reads, in memory; counts the reads, and fails any write.</summary>
internal sealed class StatusFakes : IServiceRuntime, IHealthChecks, ITrafficRouter, IGlobalTable, IMetricsSource, IEndpointProbe
{
    public HashSet<string> DownRegions { get; } = [];
    public HashSet<string> UnhealthyChecks { get; } = [];
    public string Image { get; set; } = "web:v1";
    public List<(string Region, IReadOnlyList<MetricQuery> Queries, DateTimeOffset Start, DateTimeOffset End)> MetricRequests { get; } = [];

    private int _reads;

    /// <summary>Every read any port answered (or failed): what AWS would have counted.</summary>
    public int Reads => Volatile.Read(ref _reads);

    private void Count() => Interlocked.Increment(ref _reads);

    private int _checkerReads;

    /// <summary>The GetHealthCheckStatus calls among <see cref="Reads"/>.</summary>
    public int CheckerReads => Volatile.Read(ref _checkerReads);

    private void Check(string region)
    {
        Count();
        if (DownRegions.Contains(region)) throw new InvalidOperationException($"{region} is down");
    }

    public Task<ServiceState> DescribeAsync(string region, string serviceArn, CancellationToken ct = default)
    {
        Check(region);
        return Task.FromResult(new ServiceState(serviceArn, "web", "id", ServiceStatus.Running, $"111122223333.dkr.ecr.{region}.amazonaws.com/{Image}",
            $"{region}.example", DateTimeOffset.UtcNow));
    }

    public Task<IReadOnlyList<ServiceOperation>> ListOperationsAsync(string region, string serviceArn, int max = 20, CancellationToken ct = default)
    {
        Check(region);
        return Task.FromResult<IReadOnlyList<ServiceOperation>>([new("op", OperationType.UpdateService, OperationStatus.Succeeded,
            DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(-1), null)]);
    }

    // The collector only reads: a mutating call from it fails the test.
    public Task<ImageUpdate> UpdateImageAsync(string region, string serviceArn, string imageIdentifier, CancellationToken ct = default) =>
        throw new InvalidOperationException("the status collector must not deploy");

    public Task<string?> PauseAsync(string region, string serviceArn, CancellationToken ct = default) =>
        throw new InvalidOperationException("the status collector must not pause");

    public Task<string?> ResumeAsync(string region, string serviceArn, CancellationToken ct = default) =>
        throw new InvalidOperationException("the status collector must not resume");

    public Task<HealthCheckStatus> GetStatusAsync(string healthCheckId, CancellationToken ct = default)
    {
        Count();
        Interlocked.Increment(ref _checkerReads);
        return Task.FromResult(new HealthCheckStatus(healthCheckId, [.. Enumerable.Range(0, 16).Select(i => new CheckerObservation("us-west-1", $"10.0.0.{i}",
            UnhealthyChecks.Contains(healthCheckId) ? "Failure: HTTP Status Code 503, Service Unavailable" : "Success: HTTP Status Code 200, OK",
                DateTimeOffset.UtcNow))]));
    }

    public Task<IReadOnlyList<WeightedRecord>> GetWeightedRecordsAsync(string hostedZoneId, string recordName, CancellationToken ct = default)
    {
        Count();
        return Task.FromResult<IReadOnlyList<WeightedRecord>>([new("us-east-1", 128, "hc-1", "CNAME", 60, ["a"]),
            new("us-east-2", 128, "hc-2", "CNAME", 60, ["b"])]);
    }

    public Task<RecordChange> SetWeightsAsync(string hostedZoneId, string recordName, IReadOnlyList<WeightedRecord> records, string comment,
        CancellationToken ct = default) => throw new NotSupportedException();

    public Task<RecordChange> GetChangeAsync(string changeId, CancellationToken ct = default) => throw new NotSupportedException();

    Task<GlobalTableState> IGlobalTable.DescribeAsync(string region, string tableName, CancellationToken ct)
    {
        Check(region);
        var other = region == "us-east-1" ? "us-east-2" : "us-east-1";
        return Task.FromResult(new GlobalTableState(tableName, "ACTIVE", [new ReplicaState(other, ReplicaStatus.Active, "ACTIVE")]));
    }

    public Task<IReadOnlyList<MetricSeries>> GetMetricDataAsync(string region, IReadOnlyList<MetricQuery> queries, DateTimeOffset start, DateTimeOffset end,
        CancellationToken ct = default)
    {
        Count();
        lock (MetricRequests) MetricRequests.Add((region, queries, start, end));
        // The last complete minute, then the current one still filling (a third of its requests so far).
        bool Unhealthy(MetricQuery q) => q.Dimensions.Any(d => d.Name == "HealthCheckId" && UnhealthyChecks.Contains(d.Value));
        double Value(MetricQuery q) => q.MetricName switch
        {
            "HealthCheckStatus" => Unhealthy(q) ? 0 : 1,
            "HealthCheckPercentageHealthy" => Unhealthy(q) ? 0 : 100,
            "Requests" => 600,
            "5xxStatusResponses" => 6,
            "ReplicationLatency" when q.Stat == "p99" => 1900,
            "ReplicationLatency" => 700,
            _ => 1,
        };
        double Partial(MetricQuery q) => q.Stat == "Sum" ? Value(q) / 3 : Value(q);
        return Task.FromResult<IReadOnlyList<MetricSeries>>([.. queries.Select(q => new MetricSeries(q.Id,
            [new MetricPoint(end.AddMinutes(-2), Value(q)), new MetricPoint(end.AddMinutes(-1), Partial(q))], true))]);
    }

    public Task<ProbeResult> ProbeAsync(string serviceUrl, CancellationToken ct = default) =>
        Task.FromResult(new ProbeResult($"https://{serviceUrl}/health", 200, 4, "HTTP 200 OK"));
}
