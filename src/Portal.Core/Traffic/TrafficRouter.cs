namespace Portal.Core.Traffic;

/// <summary>One weighted record of an environment's name (Route 53): which region it sends to and with what weight.</summary>
public sealed record WeightedRecord(
    string SetIdentifier,
    int Weight,
    string? HealthCheckId,
    string Type,
    long? Ttl,
    IReadOnlyList<string> Values);

public enum RecordChangeStatus
{
    Pending,
    InSync,
}

/// <summary>A submitted record change; Route 53 reports it PENDING until every DNS server has it, then INSYNC.</summary>
public sealed record RecordChange(string Id, RecordChangeStatus Status, DateTimeOffset? SubmittedAt);

/// <summary>The weighted DNS records that split traffic between regions (Route 53 in AWS).</summary>
public interface ITrafficRouter
{
    /// <summary>Every weighted record named <paramref name="recordName"/> in the zone (one per region).</summary>
    Task<IReadOnlyList<WeightedRecord>> GetWeightedRecordsAsync(string hostedZoneId, string recordName, CancellationToken ct = default);

    /// <summary>Upserts the given records (same name, type, values and health checks; new weights) in one change batch.</summary>
    Task<RecordChange> SetWeightsAsync(string hostedZoneId, string recordName, IReadOnlyList<WeightedRecord> records, string comment,
        CancellationToken ct = default);

    Task<RecordChange> GetChangeAsync(string changeId, CancellationToken ct = default);
}
