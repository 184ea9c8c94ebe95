namespace Portal.LocalCloud.World;

public sealed class HostedZone
{
    public required string Id { get; init; }

    /// <summary>The AWS account that owns the zone: callers from other accounts get NoSuchHostedZone.</summary>
    public required string AccountId { get; init; }
    public required string Name { get; init; }
    public required string CallerReference { get; init; }
    public List<ResourceRecordSet> Records { get; } = [];
    public Dictionary<string, RecordChange> Changes { get; } = new(StringComparer.Ordinal);
}

/// <summary>A record set; weighted ones carry a set identifier, a weight 0-255 and optionally a health check.</summary>
public sealed class ResourceRecordSet
{
    public required string Name { get; init; }
    public required string Type { get; init; }
    public string? SetIdentifier { get; init; }
    public long? Weight { get; set; }
    public string? HealthCheckId { get; set; }
    public long Ttl { get; set; } = 60;
    public List<string> Values { get; set; } = [];
}

public sealed class RecordChange
{
    public required string Id { get; init; }
    public string Status { get; set; } = "PENDING";
    public DateTimeOffset SubmittedAt { get; init; }
    public string? Comment { get; init; }
}
