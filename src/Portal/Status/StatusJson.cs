using System.Text.Json;
using Portal.Core.Services;
using Portal.Core.Status;

namespace Portal.Status;

/// <summary>
/// The status snapshot as the JSON API and the live stream publish it (camelCase). Serialized once per
/// board version and shared by every viewer, so 200 watchers cost one serialization per refresh.
/// </summary>
public sealed class StatusJson(StatusBoard board, TimeProvider time)
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    private readonly object _gate = new();
    private (long Version, byte[] All, Dictionary<string, byte[]> ByEnvironment)? _cache;

    /// <summary>Every environment's snapshot as a UTF-8 JSON array, and the board version it came from.</summary>
    public (byte[] Json, long Version) All()
    {
        var cache = Current();
        return (cache.All, cache.Version);
    }

    /// <summary>One environment's snapshot, or null when no such environment exists.</summary>
    public byte[]? Environment(string name)
    {
        var cache = Current();
        return cache.ByEnvironment.TryGetValue(name.ToLowerInvariant(), out var json) ? json : null;
    }

    private (long Version, byte[] All, Dictionary<string, byte[]> ByEnvironment) Current()
    {
        var (environments, version) = board.Current;
        lock (_gate)
        {
            if (_cache is { } cached && cached.Version == version) return cached;
            var now = time.GetUtcNow();
            var collector = ToDto(board.Collector);
            var dtos = environments.Select(e => ToDto(e, now, collector)).ToList();
            var built = (version, JsonSerializer.SerializeToUtf8Bytes(dtos, Options),
                dtos.ToDictionary(d => d.Environment.ToLowerInvariant(), d => JsonSerializer.SerializeToUtf8Bytes(d, Options)));
            _cache = built;
            return built;
        }
    }

    public static EnvironmentDto ToDto(EnvironmentStatus env, DateTimeOffset now, CollectorDto collector) => new(
        env.Name,
        env.Topology.Protected,
        env.Topology.RecordName,
        env.Topology.TableName,
        env.CapturedAt,
        collector,
        [.. env.Regions.Select((r, i) => ToDto(r, i + 1, now))]);

    /// <summary>Which portal instance read AWS for these facts ("collected by portal-a"), and when it published them.</summary>
    public static CollectorDto ToDto(CollectorInfo collector) =>
        new(collector.CollectedBy, collector.ThisInstance, collector.PublishedAt, collector.Describe(), collector.Throttling ?? []);

    private static RegionDto ToDto(RegionStatus r, int order, DateTimeOffset now)
    {
        var service = r.Service.Value;
        var check = r.HealthCheck.Value;
        var lag = r.Lag.Value?.FirstOrDefault();
        // Staleness's one definition, judged with the verdict: the same reads the card and the region page mark.
        var staleReasons = r.Stale.Select(s => $"{s.What}: {s.Describe(now)}").ToList();

        return new RegionDto(
            r.Region,
            order,
            service?.Status.ToAwsName(),
            service?.ImageTag,
            service?.ImageIdentifier,
            service?.Url,
            r.LatestOperation is { } op ? new OperationDto(op.Id, op.Type.ToAwsName(), op.Status.ToAwsName(), op.StartedAt, op.EndedAt) : null,
            r.Record.Value?.Weight,
            r.TrafficShare,
            new VerdictDto(r.Verdict.Level.ToString().ToLowerInvariant(), r.Verdict.Reason, r.Verdict.Notes),
            new HealthCheckDto(
                r.Topology.HealthCheckId,
                check?.HealthyCount,
                check?.Total,
                check?.IsHealthy,
                [.. (check?.Observations ?? []).Select(o => new ObservationDto(o.Region, o.IpAddress, o.Status, o.CheckedTime, o.Healthy))],
                r.HealthCheck.ObservedAt,
                r.HealthCheck.Error),
            r.Probe.Value is { } p ? new ProbeDto(p.Url, p.StatusCode, Math.Round(p.LatencyMs, 1), p.Detail, p.Healthy, r.Probe.ObservedAt) : null,
            r.Replica.Value?.ReportedStatus,
            lag?.NowMs is { } ms ? Math.Round(ms) : null,
            [.. (r.Lag.Value ?? []).Select(l => new LagDto(l.ToRegion, Round(l.NowMs), Round(l.P99HourMs)))],
            r.Metrics.Value is { } m ? new MetricsDto(m.Minute, m.RequestsPerMinute, Round(m.Rate4xx, 4), Round(m.Rate5xx, 4), Round(m.LatencyP50Ms, 1),
                Round(m.LatencyP99Ms, 1), m.ActiveInstances, Round(m.CpuPercent, 1), Round(m.MemoryPercent, 1)) : null,
            staleReasons.Count > 0 || r.Verdict.Level is VerdictLevel.Stale,
            staleReasons,
            r.Service.ObservedAt,
            r.RouteHealth is { } rh ? new RouteHealthDto(rh.Healthy, rh.Source == HealthSource.CloudWatch ? "cloudwatch" : "checkers", rh.ReadAt,
                rh.Text) : null);
    }

    private static double? Round(double? value, int digits = 0) => value is { } v ? Math.Round(v, digits) : null;

    public sealed record EnvironmentDto(string Environment, bool Protected, string RecordName, string TableName, DateTimeOffset CapturedAt,
        CollectorDto Collector, IReadOnlyList<RegionDto> Regions);

    /// <param name="Throttling">What AWS's throttling answers of the last 10 minutes did to the collector's reads, one sentence per budget.</param>
    public sealed record CollectorDto(string? Instance, bool ThisInstance, DateTimeOffset? PublishedAt, string Text, IReadOnlyList<string> Throttling);

    public sealed record RegionDto(
        string Region,
        int RolloutOrder,
        string? ServiceStatus,
        string? Image,
        string? ImageIdentifier,
        string? ServiceUrl,
        OperationDto? LatestOperation,
        int? Weight,
        double? TrafficShare,
        VerdictDto Verdict,
        HealthCheckDto HealthCheck,
        ProbeDto? Probe,
        string? ReplicaStatus,
        double? ReplicationLagMs,
        IReadOnlyList<LagDto> Replication,
        MetricsDto? Metrics,
        bool Stale,
        IReadOnlyList<string> StaleReasons,
        DateTimeOffset? ServiceReadAt,
        RouteHealthDto? Route53Health);

    /// <summary>Route 53's verdict shown: "checkers" (GetHealthCheckStatus) or "cloudwatch" (HealthCheckStatus metric), when it was read, and the sentence the
    /// page shows.</summary>
    public sealed record RouteHealthDto(bool Healthy, string Source, DateTimeOffset ReadAt, string Text);

    public sealed record OperationDto(string? Id, string Type, string Status, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt);

    public sealed record VerdictDto(string Level, string Reason, IReadOnlyList<string> Notes);

    public sealed record HealthCheckDto(string Id, int? HealthyCount, int? Total, bool? Healthy, IReadOnlyList<ObservationDto> Observations,
        DateTimeOffset? ObservedAt, string? Error);

    public sealed record ObservationDto(string? Region, string? IpAddress, string? Status, DateTimeOffset? CheckedTime, bool Healthy);

    public sealed record ProbeDto(string Url, int? StatusCode, double LatencyMs, string Detail, bool Healthy, DateTimeOffset? ProbedAt);

    public sealed record LagDto(string ToRegion, double? NowMs, double? P99HourMs);

    public sealed record MetricsDto(DateTimeOffset? Minute, double? RequestsPerMinute, double? Rate4xx, double? Rate5xx, double? LatencyP50Ms,
        double? LatencyP99Ms, double? ActiveInstances, double? CpuPercent, double? MemoryPercent);
}
