using System.Text.Json.Nodes;
using Portal.LocalCloud.Protocol;
using Portal.LocalCloud.World;

namespace Portal.LocalCloud.Ecs;

/// <summary>
/// A ServiceDeployment as DescribeServiceDeployments returns it: revisions with task counts that follow
/// the load (tasks scale with in-flight requests), the circuit breaker's verdict and the rollback.
/// </summary>
public static class ServiceDeploymentJson
{
    // Express services deploy with the circuit breaker on and rollback enabled.
    private const int CircuitBreakerThreshold = 3;

    public static JsonObject Describe(ExpressGatewayService service, ExpressDeployment d)
    {
        var source = service.Revisions.Single(r => r.Arn == d.SourceRevisionArn);
        var target = service.Revisions.Single(r => r.Arn == d.TargetRevisionArn);
        var sourceTasks = service.TasksFor(service.InFlight, source);
        var targetTasks = service.TasksFor(service.InFlight, target);
        var (sourceRunning, targetRunning, targetPending) = d.Status switch
        {
            DeploymentStatus.Successful => (0, targetTasks, 0),
            DeploymentStatus.InProgress => (sourceTasks, 0, targetTasks),
            _ => (sourceTasks, 0, 0),
        };
        var failed = d.Status is DeploymentStatus.RollbackInProgress or DeploymentStatus.RollbackSuccessful;

        var json = new JsonObject
        {
            ["serviceDeploymentArn"] = d.Arn,
            ["serviceArn"] = service.Arn,
            ["clusterArn"] = service.ClusterArn,
            ["createdAt"] = Json.Epoch(d.CreatedAt),
            ["updatedAt"] = Json.Epoch(d.UpdatedAt),
            ["sourceServiceRevisions"] = new JsonArray(Revision(source, sourceTasks, sourceRunning, 0)),
            ["targetServiceRevision"] = Revision(target, targetTasks, targetRunning, targetPending),
            ["status"] = d.Status,
            ["deploymentConfiguration"] = new JsonObject
            {
                ["deploymentCircuitBreaker"] = new JsonObject { ["enable"] = true, ["rollback"] = true },
                ["maximumPercent"] = 200,
                ["minimumHealthyPercent"] = 100,
            },
            ["deploymentCircuitBreaker"] = new JsonObject
            {
                ["status"] = failed ? "TRIGGERED" : DeploymentStatus.IsFinished(d.Status) ? "MONITORING_COMPLETE" : "MONITORING",
                ["failureCount"] = failed ? CircuitBreakerThreshold : 0,
                ["threshold"] = CircuitBreakerThreshold,
            },
        };
        if (d.StartedAt is { } started) json["startedAt"] = Json.Epoch(started);
        if (d.FinishedAt is { } finished) json[d.Status == DeploymentStatus.Stopped ? "stoppedAt" : "finishedAt"] = Json.Epoch(finished);
        if (d.StatusReason is not null) json["statusReason"] = d.StatusReason;
        if (d.RollbackStartedAt is { } rollbackAt)
            json["rollback"] = new JsonObject { ["reason"] = d.StatusReason, ["startedAt"] = Json.Epoch(rollbackAt), ["serviceRevisionArn"] = source.Arn };
        return json;
    }

    private static JsonObject Revision(ExpressRevision r, int requested, int running, int pending) => new()
    {
        ["arn"] = r.Arn,
        ["requestedTaskCount"] = requested,
        ["runningTaskCount"] = running,
        ["pendingTaskCount"] = pending,
    };
}
