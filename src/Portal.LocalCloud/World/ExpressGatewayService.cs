namespace Portal.LocalCloud.World;

/// <summary>ECS ServiceDeploymentStatus values (the ECS API model's enum).</summary>
public static class DeploymentStatus
{
    public const string Pending = "PENDING";
    public const string InProgress = "IN_PROGRESS";
    public const string Successful = "SUCCESSFUL";
    public const string Stopped = "STOPPED";
    public const string RollbackInProgress = "ROLLBACK_IN_PROGRESS";
    public const string RollbackSuccessful = "ROLLBACK_SUCCESSFUL";

    public static readonly string[] All =
        [Pending, Successful, Stopped, "STOP_REQUESTED", InProgress, "ROLLBACK_REQUESTED", RollbackInProgress, RollbackSuccessful, "ROLLBACK_FAILED"];

    public static bool IsFinished(string status) => status is Successful or Stopped or RollbackSuccessful or "ROLLBACK_FAILED";
}

/// <summary>One immutable configuration of an Express service (ECS creates a new revision on every update).</summary>
public sealed record ExpressRevision(
    string Arn,
    string Image,
    int ContainerPort,
    string Cpu,
    string Memory,
    string HealthCheckPath,
    string ExecutionRoleArn,
    string? TaskRoleArn,
    int MinTaskCount,
    int MaxTaskCount,
    string AutoScalingMetric,
    int AutoScalingTargetValue,
    DateTimeOffset CreatedAt);

/// <summary>A rollout from one revision to another, as ListServiceDeployments / DescribeServiceDeployments report it.</summary>
public sealed class ExpressDeployment
{
    public required string Arn { get; init; }
    public required string SourceRevisionArn { get; init; }
    public required string TargetRevisionArn { get; init; }
    public string Status { get; set; } = DeploymentStatus.Pending;
    public string? StatusReason { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? RollbackStartedAt { get; set; }
}

/// <summary>
/// An ECS Express Mode service in one region: the ECS service plus the Application Load Balancer that
/// fronts it, here a real loopback HTTP endpoint serving the current revision's image.
/// </summary>
public sealed class ExpressGatewayService
{
    public const string Cluster = "default";

    public required string Region { get; init; }
    public required string Name { get; init; }
    public required string AccountId { get; init; }
    public required string Environment { get; init; }
    public required string InfrastructureRoleArn { get; init; }

    /// <summary>The ALB's id in its ARN suffix (app/name/id), the LoadBalancer dimension of AWS/ApplicationELB.</summary>
    public required string LoadBalancerId { get; init; }

    public required string TargetGroupId { get; init; }

    /// <summary>The Route 53 health check probing this service's load balancer, and its weighted record's set identifier.</summary>
    public required string HealthCheckId { get; init; }

    public required string SetIdentifier { get; init; }

    public string Arn => $"arn:aws:ecs:{Region}:{AccountId}:service/{Cluster}/{Name}";
    public string ClusterArn => $"arn:aws:ecs:{Region}:{AccountId}:cluster/{Cluster}";
    public string LoadBalancerDimension => $"app/{LoadBalancerName}/{LoadBalancerId}";
    public string TargetGroupDimension => $"targetgroup/{LoadBalancerName}/{TargetGroupId}";
    private string LoadBalancerName => Name.Length <= 32 ? Name : Name[..32];

    /// <summary>ACTIVE, DRAINING or INACTIVE (ExpressGatewayServiceStatusCode).</summary>
    public string StatusCode { get; set; } = "ACTIVE";

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Oldest first; the current one is what the load balancer's targets run.</summary>
    public List<ExpressRevision> Revisions { get; } = [];

    public required string CurrentRevisionArn { get; set; }

    public ExpressRevision CurrentRevision => Revisions.Single(r => r.Arn == CurrentRevisionArn);

    /// <summary>Newest first, as ListServiceDeployments returns them.</summary>
    public List<ExpressDeployment> Deployments { get; } = [];

    /// <summary>Loopback port of the load balancer's listener; set once LocalCloud's listeners are bound.</summary>
    public int Port { get; set; }

    public string Endpoint => $"http://127.0.0.1:{Port}";

    /// <summary>Requests being served right now (tasks scale with it).</summary>
    public int InFlight;

    /// <summary>Tasks ECS's target-tracking policy runs for a concurrency, within the revision's scaling target.</summary>
    public int TasksFor(double concurrency, ExpressRevision revision) =>
        Math.Clamp((int)Math.Ceiling(concurrency / 50), revision.MinTaskCount, revision.MaxTaskCount);
}
