using Portal.LocalCloud.AppRunner;
using Portal.LocalCloud.World;

namespace Portal.LocalCloud.Ecs;

/// <summary>
/// ECS service deployments of an Express service: PENDING, then IN_PROGRESS while the new revision's tasks
/// start and register with the load balancer; when they fail the target group health check (or the image
/// cannot be pulled) the deployment circuit breaker rolls back to the source revision
/// (ROLLBACK_IN_PROGRESS, then ROLLBACK_SUCCESSFUL). The load balancer keeps serving the source revision
/// until the deployment succeeds. A newer deployment stops an unfinished older one (STOPPED).
/// </summary>
public sealed class ExpressDeploymentRunner(CloudWorld world, SimClock clock, SimTasks tasks)
{
    public static readonly TimeSpan PendingTime = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan RolloutTime = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan FailedHealthTime = TimeSpan.FromMinutes(2);
    public static readonly TimeSpan RollbackTime = TimeSpan.FromMinutes(1);

    /// <summary>Adds <paramref name="target"/> and starts deploying it; the caller holds <see cref="CloudWorld.Gate"/>.</summary>
    public ExpressDeployment Start(ExpressGatewayService service, ExpressRevision target)
    {
        var now = clock.Now;
        foreach (var unfinished in service.Deployments.Where(d => !DeploymentStatus.IsFinished(d.Status)))
        {
            unfinished.Status = DeploymentStatus.Stopped;
            unfinished.StatusReason = "Service deployment stopped: a newer service deployment was started.";
            unfinished.FinishedAt = now;
            unfinished.UpdatedAt = now;
        }
        service.Revisions.Add(target);
        var deployment = new ExpressDeployment
        {
            Arn = $"arn:aws:ecs:{service.Region}:{service.AccountId}:service-deployment/{ExpressGatewayService.Cluster}/{service.Name}/{Guid.NewGuid():N}",
            SourceRevisionArn = service.CurrentRevisionArn,
            TargetRevisionArn = target.Arn,
            CreatedAt = now,
            UpdatedAt = now,
        };
        service.Deployments.Insert(0, deployment);
        service.UpdatedAt = now;

        tasks.Run($"ECS deployment of {service.Name} in {service.Region}", async ct =>
        {
            await clock.Delay(PendingTime, ct);
            if (!Advance(deployment, d => { d.Status = DeploymentStatus.InProgress; d.StartedAt = clock.Now; })) return;

            var pulled = ImageReference.ExistsIn(world, target.Image);
            var healthy = pulled && SimulatedWebApp.IsHealthy(target.Image);
            await clock.Delay(healthy ? RolloutTime : FailedHealthTime, ct);
            if (healthy)
            {
                Advance(deployment, d =>
                {
                    d.Status = DeploymentStatus.Successful;
                    d.FinishedAt = clock.Now;
                    service.CurrentRevisionArn = target.Arn;
                    service.UpdatedAt = clock.Now;
                });
                return;
            }

            var reason = pulled
                ? $"ECS deployment circuit breaker: tasks of {target.Arn} failed the load balancer health check on {target.HealthCheckPath}."
                : $"ECS deployment circuit breaker: CannotPullContainerError: {target.Image} not found.";
            if (!Advance(deployment, d => { d.Status = DeploymentStatus.RollbackInProgress; d.StatusReason = reason; d.RollbackStartedAt = clock.Now; }))
                return;
            await clock.Delay(RollbackTime, ct);
            Advance(deployment, d => { d.Status = DeploymentStatus.RollbackSuccessful; d.FinishedAt = clock.Now; });
        });
        return deployment;
    }

    // Applies a step unless a newer deployment stopped this one meanwhile.
    private bool Advance(ExpressDeployment deployment, Action<ExpressDeployment> step)
    {
        lock (world.Gate)
        {
            if (deployment.Status == DeploymentStatus.Stopped) return false;
            step(deployment);
            deployment.UpdatedAt = clock.Now;
            return true;
        }
    }
}
