using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.LocalCloud;
using Portal.Tests.Data;
using Microsoft.Extensions.Hosting;
using Portal.Jobs;
using Portal.Tests.Jobs;

namespace Portal.Tests.Cluster;

/// <summary>
/// Portal instances sharing one PostgreSQL database (the portal's tables in a schema of this cluster's own, Hangfire's in
/// its hangfire schema) and one LocalCloud, each with its own instance id: what several portal processes behind a load
/// balancer are. The takeover timeout is shorter here, so a killed instance's job moves in about five seconds, not thirty.
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
        // Every instance runs its own collector today, so two instances call Route 53 twice as often as one: a real
        // problem (issue 11 section 1 gives a cluster one collector), not what these job-handoff tests are about. Until
        // then the cluster's Route 53 budgets are those of one test portal times the instances a test runs at once (2).
        var cloud = await LocalCloudHost.StartAsync(new LocalCloudOptions { Port = 0, TimeScale = timeScale, TrafficRatePerSecond = 0,
            BudgetTimeScale = PortalApplication.BudgetTimeScale / 2 }, NullLoggerFactory.Instance);
        var cluster = new PortalCluster(cloud);
        await cluster._database.InitializeAsync();
        return cluster;
    }

    /// <summary>A portal instance of this cluster with instance id <paramref name="instanceId"/>, not started until first used.</summary>
    public PortalApplication Instance(string instanceId)
    {
        var app = new PortalApplication().WithLocalCloud(Cloud);
        foreach (var (key, value) in DataSettings(instanceId)) app.With(key, value);
        _instances.Add(app);
        return app;
    }

    /// <summary>
    /// Starts <paramref name="app"/> with its job server stopped: it serves pages and the API but takes no job until the
    /// returned server is started again. A failover test starts the survivor this way before the job is submitted, so
    /// the job surely runs on the other instance and the survivor's start-up time does not decide how far the rollout
    /// gets before the other instance stops.
    /// </summary>
    public static async Task<IHostedService> HeldBackAsync(PortalApplication app)
    {
        _ = app.Services;
        var server = app.Services.GetRequiredService<JobServer>();
        await server.StopAsync(CancellationToken.None);
        return server;
    }

    /// <summary>Portal:Data for one instance of this cluster, in whichever process it runs.</summary>
    public Dictionary<string, string> DataSettings(string instanceId) => new()
    {
        ["Portal:Data:Provider"] = "Postgres",
        ["Portal:Data:ConnectionString"] = ConnectionString,
        ["Portal:Data:InstanceId"] = instanceId,
        // Not shorter: a live instance renews its jobs every fifth of this, and one that misses that for this long (a
        // busy test machine) is taken for dead.
        ["Portal:Data:JobTakeoverTimeout"] = "00:00:05",
    };

    /// <summary>UpdateService operations LocalCloud has had per region of <paramref name="environment"/>, whoever called.</summary>
    public Dictionary<string, int> Updates(string environment) => CloudCounts.Updates(Cloud, environment);

    /// <summary>Every region of <paramref name="environment"/> had exactly one UpdateService since <paramref name="before"/>, whichever instance
    /// called.</summary>
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
