using Portal.Core.Operations;

namespace Portal.Data;

/// <summary>
/// Rows of operations and operation_steps as Dapper reads them (mutable classes: Dapper converts SQLite's integers
/// to int and bool by setter, not through a record's constructor), and their mapping to the Core records.
/// </summary>
internal static class OperationRows
{
    public const string OperationColumns =
        "id AS Id, request AS Request, state AS State, created_at AS CreatedAt, started_at AS StartedAt, " +
        "ended_at AS EndedAt, outcome AS Outcome, cancel_requested AS CancelRequested";

    public const string StepColumns =
        "operation_id AS OperationId, idx AS Idx, name AS Name, state AS State, message AS Message, " +
        "started_at AS StartedAt, ended_at AS EndedAt, data AS Data";

    public sealed class Operation
    {
        public string Id { get; set; } = "";
        public string Request { get; set; } = "";
        public string State { get; set; } = "";
        public long CreatedAt { get; set; }
        public long? StartedAt { get; set; }
        public long? EndedAt { get; set; }
        public string? Outcome { get; set; }
        public bool CancelRequested { get; set; }

        public OperationRecord ToRecord(IReadOnlyList<OperationStep> steps) => new(
            Id,
            OperationJson.Deserialize(Request, Id),
            Enum.Parse<OperationState>(State),
            DbTime.FromDb(CreatedAt),
            DbTime.FromDb(StartedAt),
            DbTime.FromDb(EndedAt),
            Outcome,
            CancelRequested,
            steps);
    }

    public sealed class Step
    {
        public string OperationId { get; set; } = "";
        public int Idx { get; set; }
        public string Name { get; set; } = "";
        public string State { get; set; } = "";
        public string? Message { get; set; }
        public long StartedAt { get; set; }
        public long? EndedAt { get; set; }
        public string? Data { get; set; }

        public OperationStep ToStep() =>
            new(Idx, Name, Enum.Parse<StepState>(State), Message, DbTime.FromDb(StartedAt), DbTime.FromDb(EndedAt), Data);
    }
}
