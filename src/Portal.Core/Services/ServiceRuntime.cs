namespace Portal.Core.Services;

/// <summary>A service's status: App Runner's as AWS reports it; an ECS Express service's derived from its status and current deployment.</summary>
public enum ServiceStatus
{
    Running,
    Paused,
    OperationInProgress,
    CreateFailed,
    Deleted,
    DeleteFailed,
}

public enum OperationType
{
    StartDeployment,
    CreateService,
    PauseService,
    ResumeService,
    DeleteService,
    UpdateService,
}

public enum OperationStatus
{
    Pending,
    InProgress,
    Failed,
    Succeeded,
    RollbackInProgress,
    RollbackFailed,
    RollbackSucceeded,
}

/// <summary>A regional service as it is right now.</summary>
/// <param name="ImageIdentifier">The full image reference, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/webapp:v1; null for a source-code service.</param>
/// <param name="Url">The service's default domain, as App Runner reports it (a host name, no scheme).</param>
public sealed record ServiceState(
    string Arn,
    string Name,
    string Id,
    ServiceStatus Status,
    string? ImageIdentifier,
    string? Url,
    DateTimeOffset? UpdatedAt)
{
    /// <summary>The running image's tag (or digest), the part an operator reads: v1, v2...</summary>
    public string? ImageTag => ImageReference.TagOf(ImageIdentifier);
}

/// <summary>One change the runtime made to a service (an App Runner operation, an ECS service deployment).</summary>
/// <param name="Reason">Why it ended as it did, when the runtime says (ECS: a circuit breaker's rollback reason).</param>
public sealed record ServiceOperation(
    string? Id,
    OperationType Type,
    OperationStatus Status,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    DateTimeOffset? UpdatedAt,
    string? Reason = null);

/// <summary>
/// A region's service runtime, in the domain's words: a service that runs one image, changes through operations that may
/// roll back, and may be paused. App Runner and ECS Express in AWS (chosen by the service ARN), LocalCloud on loopback.
/// A runtime that cannot do an action throws <see cref="RuntimeActionUnavailableException"/> saying why.
/// </summary>
public interface IServiceRuntime
{
    Task<ServiceState> DescribeAsync(string region, string serviceArn, CancellationToken ct = default);

    /// <summary>The service's operations, newest first, at most <paramref name="max"/> (1-20).</summary>
    Task<IReadOnlyList<ServiceOperation>> ListOperationsAsync(string region, string serviceArn, int max = 20, CancellationToken ct = default);

    /// <summary>
    /// Deploys <paramref name="imageIdentifier"/>, keeping the rest of the service's configuration (port, variables and
    /// secrets, start command, roles, scaling) as read just before the call; only a RUNNING service accepts it.
    /// </summary>
    Task<ImageUpdate> UpdateImageAsync(string region, string serviceArn, string imageIdentifier, CancellationToken ct = default);

    /// <summary>Pauses a RUNNING service. Returns the operation id when the answer names one (AWS's model makes it optional).</summary>
    Task<string?> PauseAsync(string region, string serviceArn, CancellationToken ct = default);

    /// <summary>Resumes a PAUSED service. Returns the operation id when the answer names one (AWS's model makes it optional).</summary>
    Task<string?> ResumeAsync(string region, string serviceArn, CancellationToken ct = default);
}

public static class ImageReference
{
    /// <summary>The same repository with another tag: "123.dkr.ecr.us-east-1.amazonaws.com/webapp:v1" with "v2" gives "...webapp:v2".</summary>
    public static string WithTag(string imageIdentifier, string tag)
    {
        var at = imageIdentifier.IndexOf('@');
        var repository = at >= 0 ? imageIdentifier[..at] : imageIdentifier;
        var slash = repository.LastIndexOf('/');
        var colon = repository.LastIndexOf(':');
        if (colon > slash) repository = repository[..colon];
        return repository + ":" + tag;
    }

    /// <summary>"repo:tag" gives tag, "repo@sha256:..." gives the digest; null for null or an identifier with neither.</summary>
    public static string? TagOf(string? imageIdentifier)
    {
        if (string.IsNullOrEmpty(imageIdentifier)) return null;
        var at = imageIdentifier.IndexOf('@');
        if (at >= 0) return imageIdentifier[(at + 1)..];
        var slash = imageIdentifier.LastIndexOf('/');
        var colon = imageIdentifier.LastIndexOf(':');
        // A colon before the last slash belongs to a registry port, not a tag.
        return colon > slash && colon < imageIdentifier.Length - 1 ? imageIdentifier[(colon + 1)..] : null;
    }
}

public static class AwsNames
{
    /// <summary>The value as AWS writes it: OperationInProgress is OPERATION_IN_PROGRESS.</summary>
    public static string ToAwsName(this Enum value)
    {
        var name = value.ToString();
        var result = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i])) result.Append('_');
            result.Append(char.ToUpperInvariant(name[i]));
        }
        return result.ToString();
    }
}
