namespace Portal.LocalCloud.World;

/// <summary>
/// Seeds an ECS Express service for one environment in one region, next to its App Runner service and
/// running the same image: its own weighted record (set identifier "{region}-ecs-express"; weight 0 while App
/// Runner keeps the region's traffic until a migration shifts it, the region's weight when Express serves it)
/// and its own health check on the load balancer's endpoint.
/// </summary>
public static class ExpressSeeder
{
    public static ExpressGatewayService Seed(CloudWorld world, HostedZone zone, Random random, string region, string environment,
        string serviceName, string recordName, string image, DateTimeOffset createdAt, DateTimeOffset now, int weight)
    {
        var account = zone.AccountId;
        var check = new HealthCheck { Id = Seeder.Guid(random), AccountId = account, CallerReference = $"{serviceName}-{region}-ecs-express",
            ServiceArn = $"arn:aws:ecs:{region}:{account}:service/{ExpressGatewayService.Cluster}/{serviceName}" };
        world.HealthChecks.Add(check);
        var setIdentifier = $"{region}-ecs-express";
        zone.Records.Add(new ResourceRecordSet { Name = recordName, Type = "CNAME", SetIdentifier = setIdentifier, Weight = weight, HealthCheckId = check.Id,
            Ttl = 60 });

        var revision = new ExpressRevision(
            Arn: $"arn:aws:ecs:{region}:{account}:service-revision/{ExpressGatewayService.Cluster}/{serviceName}/{Seeder.Hex(random, 19)}",
            Image: image,
            ContainerPort: 8080,
            Cpu: "1024",
            Memory: "2048",
            HealthCheckPath: "/health",
            ExecutionRoleArn: $"arn:aws:iam::{account}:role/ecsTaskExecutionRole",
            TaskRoleArn: null,
            MinTaskCount: 1,
            MaxTaskCount: environment == "production" ? 20 : 2,
            AutoScalingMetric: "AVERAGE_CPU",
            AutoScalingTargetValue: 60,
            CreatedAt: now.AddDays(-30));
        var service = new ExpressGatewayService
        {
            Region = region,
            Name = serviceName,
            AccountId = account,
            Environment = environment,
            InfrastructureRoleArn = $"arn:aws:iam::{account}:role/ecsInfrastructureRoleForExpressServices",
            LoadBalancerId = Seeder.Hex(random, 16),
            TargetGroupId = Seeder.Hex(random, 16),
            HealthCheckId = check.Id,
            SetIdentifier = setIdentifier,
            CurrentRevisionArn = revision.Arn,
            CreatedAt = createdAt,
            UpdatedAt = revision.CreatedAt,
        };
        service.Revisions.Add(revision);
        service.Deployments.Add(new ExpressDeployment
        {
            Arn = $"arn:aws:ecs:{region}:{account}:service-deployment/{ExpressGatewayService.Cluster}/{serviceName}/{Seeder.Hex(random, 19)}",
            SourceRevisionArn = revision.Arn,
            TargetRevisionArn = revision.Arn,
            Status = DeploymentStatus.Successful,
            CreatedAt = revision.CreatedAt,
            StartedAt = revision.CreatedAt,
            FinishedAt = revision.CreatedAt.AddMinutes(5),
            UpdatedAt = revision.CreatedAt.AddMinutes(5),
        });
        return service;
    }
}
