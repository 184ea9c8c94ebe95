using Microsoft.Extensions.Options;
using Portal.Core.Operations;
using Portal.Core.Status;
using Portal.Data;
using Portal.Data.Postgres;
using Portal.Hosting;
using Portal.Jobs;
using Portal.Topology;

namespace Portal.Status;

public static class StatusExtensions
{
    /// <summary>The cluster's one status collector, its board, and the portal's own endpoint probe.</summary>
    public static IServiceCollection AddPortalStatus(this IServiceCollection services)
    {
        services.AddValidatedOptions<StatusOptions>(StatusOptions.Section, o => o.Problems());
        services.AddValidatedOptions<CollectorOptions>(CollectorOptions.Section, o => o.Problems());
        services.AddValidatedOptions<BudgetOptions>(BudgetOptions.Section, o => o.Problems());
        services.AddHttpClient(HttpEndpointProbe.ClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                ConnectTimeout = TimeSpan.FromSeconds(5) })
            .RemoveAllLoggers();
        services.AddSingleton<IEndpointProbe, HttpEndpointProbe>();
        services.AddSingleton<StatusBoard>();
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<StatusOptions>>().Value;
            var topology = sp.GetRequiredService<TopologySource>();
            return ActivatorUtilities.CreateInstance<StatusCollector>(sp,
                (Func<Core.Topology.PortalTopology>)(() => topology.Current),
                new CollectorSettings(o.Thresholds, o.OperationsKept));
        });
        // Several instances share PostgreSQL and one collector among them; a SQLite portal is alone and always collects.
        services.AddSingleton<ICollectorLease>(sp => Shared(sp)
            ? new PostgresCollectorLease(sp.GetRequiredService<PortalDatabase>())
            : sp.GetRequiredService<SoleInstance>());
        services.AddSingleton<IStatusShare>(sp => Shared(sp)
            ? new PostgresStatusShare(sp.GetRequiredService<PortalDatabase>())
            : sp.GetRequiredService<SoleInstance>());
        services.AddSingleton<SoleInstance>();
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<CollectorOptions>>().Value;
            return new CollectorLeadership(sp.GetRequiredService<ICollectorLease>(), sp.GetRequiredService<JobServer>().Name,
                new LeadershipSettings(o.LeaseDuration, o.RenewInterval), sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<ViewedEnvironments>();
        services.AddSingleton(sp =>
        {
            var time = sp.GetRequiredService<TimeProvider>();
            var buckets = new BudgetBuckets(sp.GetRequiredService<IOptions<BudgetOptions>>().Value.Budgets(), time, sp.GetRequiredService<ThrottleFeedback>());
            var store = sp.GetRequiredService<IOperationStore>();
            return new ReadSchedule(new ReadPlanner(buckets, sp.GetRequiredService<IOptions<StatusOptions>>().Value.RefreshInterval, time), buckets,
                sp.GetRequiredService<ViewedEnvironments>(),
                async ct => (await store.ActiveAsync(ct)).Select(o => o.Request.Environment).ToHashSet(StringComparer.Ordinal));
        });
        services.AddSingleton(sp => new ClusterCollector(sp.GetRequiredService<StatusCollector>(), sp.GetRequiredService<CollectorLeadership>(),
            sp.GetRequiredService<IStatusShare>(), sp.GetRequiredService<ReadSchedule>(),
            sp.GetRequiredService<IOptions<StatusOptions>>().Value.RefreshInterval, sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService<StatusCollectorService>();
        services.AddSingleton<StatusJson>();
        return services;
    }

    private static bool Shared(IServiceProvider sp) => sp.GetRequiredService<IOptions<DataOptions>>().Value.Provider == DataProvider.Postgres;
}
