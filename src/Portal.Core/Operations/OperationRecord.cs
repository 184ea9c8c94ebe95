namespace Portal.Core.Operations;

/// <summary>What an operator (or a schedule) asked the portal to do.</summary>
public enum OperationKind
{
    Deploy,
    Rollback,
    Rebalance,
    Pause,
    Resume,
    /// <summary>A failover drill: one region out of traffic for a while, measured, then put back.</summary>
    Drill,
    /// <summary>Moving one region's traffic from App Runner to the ECS Express service beside it, by weight, step by step.</summary>
    Migrate,
}

/// <summary>
/// Queued until a job picks it up; Running while steps execute; then one of the ends. Interrupted: the portal
/// stopped mid-run and the job could not be resumed safely, so a person has to look.
/// </summary>
public enum OperationState
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
    Interrupted,
}

public enum StepState
{
    Running,
    Succeeded,
    Failed,
    Skipped,
    /// <summary>The portal stopped during the step; the resumed run records it again as a new step.</summary>
    Interrupted,
}

/// <summary>
/// One step of an operation. <see cref="Name"/> is stable (e.g. "us-east-2: update service to v2"), so a resumed
/// job recognises the steps it has completed. <see cref="Data"/> is what the step learned that later steps or a
/// resumed run need (the previous image, a Route 53 change id), as a JSON object.
/// </summary>
public sealed record OperationStep(
    int Index,
    string Name,
    StepState State,
    string? Message,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    string? Data = null);

/// <summary>An operation as the portal records it: the request, who asked, where it stands, and every step so far.</summary>
public sealed record OperationRecord(
    string Id,
    OperationRequest Request,
    OperationState State,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    string? Outcome,
    bool CancelRequested,
    IReadOnlyList<OperationStep> Steps)
{
    public OperationKind Kind => Request.Kind;

    public string Environment => Request.Environment;

    public string RequestedBy => Request.RequestedBy;

    public bool IsFinished => State is OperationState.Succeeded or OperationState.Failed or OperationState.Cancelled or OperationState.Interrupted;

    public bool IsActive => State is OperationState.Queued or OperationState.Running;
}
