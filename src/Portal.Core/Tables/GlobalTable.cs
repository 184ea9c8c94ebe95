namespace Portal.Core.Tables;

/// <summary>DynamoDB ReplicaStatus values.</summary>
public enum ReplicaStatus
{
    Creating,
    Updating,
    Deleting,
    Active,
    RegionDisabled,
    InaccessibleEncryptionCredentials,
    /// <summary>A value this portal does not know yet: shown as reported, never read as healthy.</summary>
    Other,
}

public sealed record ReplicaState(string Region, ReplicaStatus Status, string ReportedStatus);

public sealed record GlobalTableState(string TableName, string TableStatus, IReadOnlyList<ReplicaState> Replicas);

/// <summary>A global table replicated between the regions (DynamoDB).</summary>
public interface IGlobalTable
{
    /// <summary>The table as seen from <paramref name="region"/>, with every replica's status.</summary>
    Task<GlobalTableState> DescribeAsync(string region, string tableName, CancellationToken ct = default);
}
