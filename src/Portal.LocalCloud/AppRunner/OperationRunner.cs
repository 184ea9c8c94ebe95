using Portal.LocalCloud.World;

namespace Portal.LocalCloud.AppRunner;

/// <summary>
/// App Runner's asynchronous operations: PENDING, then IN_PROGRESS, then an outcome after an
/// AWS-realistic (scaled) duration. The service reads OPERATION_IN_PROGRESS meanwhile and keeps serving
/// its old image and configuration until an update completes, as App Runner's blue/green rollout does.
/// </summary>
public sealed class OperationRunner(CloudWorld world, SimClock clock, SimTasks tasks)
{
    public static readonly TimeSpan PendingTime = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan DeploymentTime = TimeSpan.FromMinutes(4);
    public static readonly TimeSpan FailedPullTime = TimeSpan.FromSeconds(90);
    public static readonly TimeSpan PauseTime = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan ResumeTime = TimeSpan.FromMinutes(2);

    /// <summary>Starts an operation; the caller holds <see cref="CloudWorld.Gate"/> and has checked the service's state.</summary>
    public ServiceOperation Start(AppRunnerService service, string type, ServiceUpdate? update)
    {
        var now = clock.Now;
        var operation = new ServiceOperation { Id = Guid.NewGuid().ToString("N"), Type = type, TargetArn = service.Arn, StartedAt = now, UpdatedAt = now };
        service.Operations.Insert(0, operation);
        var statusBefore = service.Status;
        service.Status = ServiceStatus.OperationInProgress;
        service.UpdatedAt = now;

        tasks.Run($"{type} {service.Name} in {service.Region}", async ct =>
        {
            await clock.Delay(PendingTime, ct);
            lock (world.Gate) { operation.Status = OperationStatus.InProgress; operation.UpdatedAt = clock.Now; }

            var imageExists = update?.ImageIdentifier is not { } newImage || ImageReference.ExistsIn(world, newImage);
            await clock.Delay(type switch
            {
                OperationType.PauseService => PauseTime,
                OperationType.ResumeService => ResumeTime,
                _ when !imageExists => FailedPullTime,
                _ => DeploymentTime,
            }, ct);

            lock (world.Gate)
            {
                var end = clock.Now;
                if (!imageExists)
                {
                    // The new image could not be pulled: App Runner rolls back to the running version.
                    operation.Status = OperationStatus.RollbackSucceeded;
                    service.Status = statusBefore;
                }
                else
                {
                    operation.Status = OperationStatus.Succeeded;
                    service.Status = type == OperationType.PauseService ? ServiceStatus.Paused : ServiceStatus.Running;
                    update?.ApplyTo(service);
                }
                operation.EndedAt = end;
                operation.UpdatedAt = end;
                service.UpdatedAt = end;
            }
        });
        return operation;
    }
}
