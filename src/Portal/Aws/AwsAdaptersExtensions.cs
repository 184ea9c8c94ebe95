using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Portal.Aws.AppRunner;
using Portal.Aws.CloudWatch;
using Portal.Aws.DynamoDb;
using Portal.Aws.Ecr;
using Portal.Aws.Ecs;
using Portal.Aws.Route53;
using Portal.Aws.Sts;
using Portal.Core.Health;
using Portal.Core.Images;
using Portal.Core.Metrics;
using Portal.Core.Services;
using Portal.Core.Tables;
using Portal.Core.Traffic;
using Portal.Core.Topology;
using Portal.Hosting;
using Portal.Jobs;
using Portal.Topology;

namespace Portal.Aws;

public static class AwsAdaptersExtensions
{
    /// <summary>The AWS adapters behind Portal.Core's ports: signed HttpClients for the JSON/XML/Query services, the SDK for DynamoDB.</summary>
    public static IServiceCollection AddAwsAdapters(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<AwsOptions>(AwsOptions.Section, o => o.Problems());
        services.TryAddSingleton<IAwsCredentialsSource, DefaultChainCredentialsSource>();
        services.TryAddSingleton(TimeProvider.System);
        // Environment variables reach IConfiguration unprefixed, so AWS_ENDPOINT_URL* are read from it (and tests can set them).
        services.AddSingleton(sp => new AwsEndpointResolver(sp.GetRequiredService<IOptions<AwsOptions>>().Value.Endpoints, name => configuration[name]));

        services.AddSingleton(sp => new AwsAccountRouter(
            () => sp.GetService<TopologySource>()?.Current ?? PortalTopology.Empty,
            sp.GetRequiredService<IAwsCredentialsSource>(),
            // Resolved on first use: STS's client signs through the transport, which needs this router.
            (region, role, session, externalId, duration, ct) => sp.GetRequiredService<StsClient>()
                .AssumeRoleAsync(region, role, session, externalId, duration, ct),
            () => sp.GetService<JobServer>()?.Name ?? Environment.MachineName,
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<StsClient>();

        foreach (var service in new[] { AwsService.AppRunner, AwsService.Ecs, AwsService.Ecr, AwsService.Route53, AwsService.CloudWatch, AwsService.Sts })
        {
            services.AddHttpClient(service.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
                // The signer is the primary handler: nothing below it may change the request after signing.
                .ConfigurePrimaryHttpMessageHandler(sp => new AccountSigningHandler(
                    service.SigningName,
                    () => sp.GetRequiredService<IAwsCredentialsSource>().Credentials,
                    new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) }))
                // AwsTransport logs each attempt itself, without headers.
                .RemoveAllLoggers();
        }

        services.TryAddSingleton<Portal.Core.Status.ThrottleFeedback>();
        services.AddSingleton<AwsTransport>();
        services.AddSingleton<AwsJsonProtocol>();
        services.AddSingleton<AppRunnerClient>();
        services.AddSingleton<EcsExpressClient>();
        services.AddSingleton<RuntimeRouter>();
        services.AddSingleton<IServiceRuntime>(sp => sp.GetRequiredService<RuntimeRouter>());
        services.AddSingleton<IServiceCapacity>(sp => sp.GetRequiredService<RuntimeRouter>());
        services.AddSingleton<EcrClient>();
        services.AddSingleton<IImageRegistry>(sp => sp.GetRequiredService<EcrClient>());
        services.AddSingleton<Route53Client>();
        services.AddSingleton<ITrafficRouter>(sp => sp.GetRequiredService<Route53Client>());
        services.AddSingleton<IHealthChecks>(sp => sp.GetRequiredService<Route53Client>());
        services.AddSingleton<IHealthCheckControl>(sp => sp.GetRequiredService<Route53Client>());
        services.AddSingleton<CloudWatchClient>();
        services.AddSingleton<IMetricsSource>(sp => sp.GetRequiredService<CloudWatchClient>());
        services.AddSingleton<DynamoDbGlobalTable>();
        services.AddSingleton<IGlobalTable>(sp => sp.GetRequiredService<DynamoDbGlobalTable>());
        return services;
    }
}
