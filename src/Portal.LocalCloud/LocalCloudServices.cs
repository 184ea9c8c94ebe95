using Portal.LocalCloud.AppRunner;
using Portal.LocalCloud.CloudWatch;
using Portal.LocalCloud.DynamoDb;
using Portal.LocalCloud.Ecs;
using Portal.LocalCloud.Ecr;
using Portal.LocalCloud.Faults;
using Portal.LocalCloud.Protocol;
using Portal.LocalCloud.Route53;

namespace Portal.LocalCloud;

/// <summary>Registers every part of LocalCloud: protocol front door, service APIs, endpoints and simulations.</summary>
public static class LocalCloudServices
{
    public static IServiceCollection AddLocalCloud(this IServiceCollection services, LocalCloudOptions options, TimeProvider time)
    {
        services.AddSingleton(options);
        services.AddSingleton(time);
        services.AddSingleton(new SimClock(time, options.TimeScale));
        services.AddSingleton<SimTasks>();
        services.AddSingleton(new FaultState(time));
        var sessions = new SessionCredentials(time);
        services.AddSingleton(sessions);
        services.AddSingleton(new SigV4Verifier(options.AccessKeyId, options.SecretAccessKey, options.AccountId, sessions, time));
        services.AddSingleton<ApiCallCounter>();
        services.AddSingleton<ApiDispatcher>();
        services.AddSingleton<FaultApi>();

        // App Runner
        services.AddSingleton<IAwsApi, AppRunnerApi>();
        services.AddSingleton<OperationRunner>();
        services.AddSingleton<ServiceEndpoint>();

        // ECS Express Mode
        services.AddSingleton<IAwsApi, EcsApi>();
        services.AddSingleton<ExpressDeploymentRunner>();
        services.AddSingleton<ExpressEndpoint>();
        services.AddSingleton<ISimulation, ExpressMetricsSampler>();

        // ECR
        services.AddSingleton<IAwsApi, EcrApi>();
        services.AddSingleton<ImageReplicator>();

        // DynamoDB
        services.AddSingleton<IAwsApi, DynamoDbApi>();

        // Route 53
        services.AddSingleton<IAwsApi, Route53Api>();
        services.AddSingleton<ZoneChanges>();
        services.AddSingleton(new Route53RequestRates(time, options.BudgetTimeScale));
        services.AddSingleton<GlobalEndpoint>();
        services.AddSingleton<HealthCheckers>();
        services.AddSingleton<ISimulation>(sp => sp.GetRequiredService<HealthCheckers>());

        // STS before CloudWatch: both are form POSTs to "/", told apart by the signature's service.
        services.AddSingleton<IAwsApi, Sts.StsApi>();

        // CloudWatch
        services.AddSingleton<IAwsApi, CloudWatchApi>();
        services.AddSingleton<MetricStore>();
        services.AddSingleton<ISimulation, TrafficGenerator>();
        services.AddSingleton<ISimulation, AppRunnerMetricsSampler>();
        services.AddSingleton<ISimulation, Route53HealthMetricsSampler>();
        services.AddSingleton<ISimulation, ReplicationLatencySimulator>();
        return services;
    }
}
