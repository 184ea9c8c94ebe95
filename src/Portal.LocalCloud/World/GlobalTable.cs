namespace Portal.LocalCloud.World;

/// <summary>A DynamoDB global table (version 2019.11.21): one table name, a replica per region.</summary>
public sealed class GlobalTable
{
    public required string Name { get; init; }

    /// <summary>The AWS account that owns the table: callers from other accounts get ResourceNotFoundException.</summary>
    public required string AccountId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public string TableStatus { get; set; } = "ACTIVE";
    public long ItemCount { get; set; }
    public long TableSizeBytes { get; set; }
    public required string TableId { get; init; }

    /// <summary>ReplicaStatus per region: CREATING, UPDATING, DELETING, ACTIVE, REGION_DISABLED, INACCESSIBLE_ENCRYPTION_CREDENTIALS.</summary>
    public Dictionary<string, string> Replicas { get; } = new(StringComparer.Ordinal);

    public string ArnIn(string accountId, string region) => $"arn:aws:dynamodb:{region}:{accountId}:table/{Name}";
}
