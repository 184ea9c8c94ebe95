using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.LocalCloud;
using Portal.Tests.Data;
using Portal.Tests.Jobs;
using Quartz;

namespace Portal.Tests.Cluster;

/// <summary>
/// Portal instances sharing one PostgreSQL store (a schema of this cluster's own, holding the portal's tables and
/// Quartz's) and one LocalCloud, each with its own Quartz instance id: what several portal processes behind a load
/// balancer are. Check-ins are quicker here, so a killed instance is noticed in about six seconds instead of fifteen.
/// </summary>
internal sealed class PortalCluster : IAsyncDisposable
{
    private readonly PostgresTestDatabase _database = new();
    private readonly List<PortalApplication> _instances = [];

    private PortalCluster(LocalCloudHost cloud) => Cloud = cloud;

    /// <summary>The regions every instance acts on; they outlive the instances.</summary>
    public LocalCloudHost Cloud { get; }

    public string ConnectionString => _database.ConnectionString;

    /// <summary>The cluster's database as another process would open it (closed with the cluster).</summary>
    public Portal.Data.PortalDatabase OpenDatabase() => _database.Open();

    /// <param name="timeScale">LocalCloud's clock: the tests' 0.005 unless a test needs time to act mid-rollout.</param>
    public static async Task<PortalCluster> StartAsync(double timeScale = 0.005)
    {
        var cloud = await LocalCloudHost.StartAsync(new LocalCloudOptions { Port = 0, TimeScale = timeScale, TrafficRatePerSecond = 0 }, NullLoggerFactory.Instance);
        var cluster = new PortalCluster(cloud);
        await cluster._database.InitializeAsync();
        return cluster;
    }

    /// <summary>A portal instance of this cluster with Quartz instance id <paramref name="instanceId"/>, not started until first used.</summary>
    public PortalApplication Instance(string instanceId)
    {
        var app = new PortalApplication().WithLocalCloud(Cloud);
        foreach (var (key, value) in DataSettings(instanceId)) app.With(key, value);
        _instances.Add(app);
        return app;
    }

    /// <summary>
    /// Starts <paramref name="app"/> and puts its scheduler in stand-by: it is a live member of the cluster (it checks in,
    /// it would notice a dead peer) but takes no job until the returned scheduler is started again. A failover test
    /// starts the survivor this way before the job is submitted, so the job surely runs on the other instance and the
    /// survivor's start-up time does not decide how far the rollout gets before the other instance stops.
    /// </summary>
    public static async Task<IScheduler> HeldBackAsync(PortalApplication app)
    {
        _ = app.Services;
        var scheduler = await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        // The hosted service starts the scheduler once the application has started; stand-by must come after that.
        Assert.True(await Eventually.Async(() => Task.FromResult(scheduler.Status == SchedulerStatus.Running)), "the scheduler never started");
        await scheduler.Standby();
        return scheduler;
    }

    /// <summary>Portal:Data for one instance of this cluster, in whichever process it runs.</summary>
    public Dictionary<string, string> DataSettings(string instanceId) => new()
    {
        ["Portal:Data:Provider"] = "Postgres",
        ["Portal:Data:ConnectionString"] = ConnectionString,
        ["Portal:Data:InstanceId"] = instanceId,
        ["Portal:Data:ClusterCheckinInterval"] = "00:00:01",
        // Not shorter: a live instance that misses check-ins for this long (a busy test machine) is taken for dead.
        ["Portal:Data:ClusterCheckinMisfireThreshold"] = "00:00:05",
        ["Portal:Data:IdleWaitTime"] = "00:00:01",
    };

    /// <summary>UpdateService operations LocalCloud has had per region of <paramref name="environment"/>, whoever called.</summary>
    public Dictionary<string, int> Updates(string environment) => CloudCounts.Updates(Cloud, environment);

    /// <summary>Every region of <paramref name="environment"/> had exactly one UpdateService since <paramref name="before"/>, whichever instance called.</summary>
    public void AssertUpdatedOnce(string environment, Dictionary<string, int> before, JsonElement job)
    {
        foreach (var (region, updates) in Updates(environment))
            Assert.True(updates - before[region] == 1, $"{region} was updated {updates - before[region]} times: {job}");
    }

    public async ValueTask DisposeAsync()
    {
        // Stopping an instance twice is harmless: a test may have stopped one already.
        foreach (var app in _instances) await app.DisposeAsync();
        await _database.DisposeAsync();
        await Cloud.DisposeAsync();
    }
}
