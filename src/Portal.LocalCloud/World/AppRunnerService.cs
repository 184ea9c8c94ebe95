namespace Portal.LocalCloud.World;

public static class ServiceStatus
{
    public const string Running = "RUNNING";
    public const string Paused = "PAUSED";
    public const string OperationInProgress = "OPERATION_IN_PROGRESS";
    public const string CreateFailed = "CREATE_FAILED";
    public const string Deleted = "DELETED";
    public const string DeleteFailed = "DELETE_FAILED";
}

public static class OperationType
{
    public const string StartDeployment = "START_DEPLOYMENT";
    public const string CreateService = "CREATE_SERVICE";
    public const string PauseService = "PAUSE_SERVICE";
    public const string ResumeService = "RESUME_SERVICE";
    public const string DeleteService = "DELETE_SERVICE";
    public const string UpdateService = "UPDATE_SERVICE";
}

public static class OperationStatus
{
    public const string Pending = "PENDING";
    public const string InProgress = "IN_PROGRESS";
    public const string Failed = "FAILED";
    public const string Succeeded = "SUCCEEDED";
    public const string RollbackInProgress = "ROLLBACK_IN_PROGRESS";
    public const string RollbackFailed = "ROLLBACK_FAILED";
    public const string RollbackSucceeded = "ROLLBACK_SUCCEEDED";
}

/// <summary>An App Runner service in one region, backed by a real loopback HTTP endpoint.</summary>
public sealed class AppRunnerService
{
    public required string Region { get; init; }
    public required string Name { get; init; }
    public required string Id { get; init; }
    public required string Arn { get; init; }
    public required string Environment { get; init; }

    /// <summary>The account in the ARN: callers from other accounts get ResourceNotFoundException.</summary>
    public string AccountId => Arn.Split(':')[4];

    public string Status { get; set; } = ServiceStatus.Running;

    /// <summary>The image the service runs now (what its endpoint answers with).</summary>
    public required string ImageIdentifier { get; set; }

    /// <summary>The rest of SourceConfiguration: what UpdateService replaces when it includes ImageRepository.</summary>
    public required ImageSource Source { get; set; }

    public InstanceSettings Instance { get; set; } = InstanceSettings.Default;
    public HealthCheckSettings HealthCheck { get; set; } = HealthCheckSettings.Default;
    public NetworkSettings Network { get; set; } = NetworkSettings.Default;

    /// <summary>What the application in the image needs to serve (its port, variables and secrets).</summary>
    public required AppRequirements App { get; init; }

    /// <summary>The application's own health route, which Route 53's checks and the portal's probe call.</summary>
    public const string HealthPath = "/health";

    public required string AutoScalingConfigurationArn { get; init; }
    public int MaxConcurrency { get; init; } = 100;
    public int MinSize { get; init; } = 1;
    public int MaxSize { get; init; } = 25;

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Loopback port of the service's endpoint; set once LocalCloud's listeners are bound.</summary>
    public int Port { get; set; }

    /// <summary>As App Runner reports it: a host (here host:port), no scheme.</summary>
    public string ServiceUrl => $"127.0.0.1:{Port}";

    /// <summary>Newest first, as ListOperations returns them.</summary>
    public List<ServiceOperation> Operations { get; } = [];

    /// <summary>Requests being served right now; read by the metrics sampler (Concurrency, ActiveInstances).</summary>
    public int InFlight;

    /// <summary>Instances App Runner would run for a given concurrency under this auto scaling configuration.</summary>
    public int InstancesFor(double concurrency) =>
        Status == ServiceStatus.Paused ? 0 : Math.Clamp((int)Math.Ceiling(concurrency / MaxConcurrency), MinSize, MaxSize);
}

public sealed class ServiceOperation
{
    public required string Id { get; init; }
    public required string Type { get; init; }
    public required string TargetArn { get; init; }
    public string Status { get; set; } = OperationStatus.Pending;
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
