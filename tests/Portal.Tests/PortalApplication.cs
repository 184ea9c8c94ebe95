using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Portal.LocalCloud;
using Portal.LocalMode;

namespace Portal.Tests;

/// <summary>The portal in local mode with its in-process LocalCloud: delays in milliseconds, no background traffic, quick retries.</summary>
/// <remarks>
/// The entry point is named through a type of the Portal assembly: with .NET 10 both Portal and
/// Portal.LocalCloud have a public top-level Program, so "Program" alone is ambiguous here.
/// </remarks>
public sealed class PortalApplication : WebApplicationFactory<Portal.Pages.IndexModel>
{
    /// <summary>The fixed local sign-in token: clients from <see cref="WebApplicationFactory{T}.CreateClient()"/> send it as a bearer (Operator).</summary>
    public const string LocalToken = "portal-tests-local-token-7f3a9c2e";

    /// <summary>
    /// The tests' pace, whatever the mode: quick AWS retries, a collector that reads every 200 ms (10 s in production)
    /// and calls a reading stale after 5 s, and operations at LocalCloud's test speed (App Runner's minutes take tens
    /// of milliseconds here). A portal in another process gets these too.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> TestPace = new Dictionary<string, string>
    {
        ["Aws:Resilience:MaxRetries"] = "1",
        ["Aws:Resilience:BaseDelay"] = "00:00:00.005",
        ["Aws:Resilience:MaxDelay"] = "00:00:00.020",
        ["Aws:Resilience:AttemptTimeout"] = "00:00:05",
        ["Portal:Status:RefreshInterval"] = "00:00:00.200",
        ["Portal:Status:MetricsInterval"] = "00:00:00.500",
        ["Portal:Status:StaleAfter"] = "00:00:05",
        // LocalCloud is no shared AWS account: the tests read at their own pace, not within AWS's budgets.
        ["Portal:Budgets:HealthCheckStatusPerSecond"] = "1000",
        ["Portal:Budgets:HealthCheckStatusBurst"] = "1000",
        ["Portal:Budgets:Route53PerSecond"] = "1000",
        ["Portal:Budgets:Route53Burst"] = "1000",
        ["Portal:Budgets:AppRunnerPerSecond"] = "1000",
        ["Portal:Budgets:AppRunnerBurst"] = "1000",
        ["Portal:Budgets:DynamoDbPerSecond"] = "1000",
        ["Portal:Budgets:DynamoDbBurst"] = "1000",
        ["Portal:Operations:PollInterval"] = "00:00:00.050",
        ["Portal:Operations:BakeTime"] = "00:00:00.500",
        ["Portal:Operations:ImageWaitTimeout"] = "00:00:05",
        ["Portal:Operations:ServiceOperationTimeout"] = "00:00:20",
        ["Portal:Operations:ChangeSyncTimeout"] = "00:00:10",
    };

    /// <summary>
    /// LocalCloud runs 200 times AWS's pace here (TimeScale 0.005), the collector 50 times production's, operations 100
    /// times, and a throttled call is retried once after 5-20 ms (production: four retries from 200 ms, about 3 s in all).
    /// Route 53's budgets compress by LocalCloud's factor, so the one quick retry finds a token as production's slower
    /// retries would, while a portal that asks for more than the budget per refresh still gets throttled (every
    /// LocalCloud a test portal talks to uses it).
    /// </summary>
    public const double BudgetTimeScale = 0.005;

    private readonly Dictionary<string, string?> _settings = new(TestPace.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value)))
    {
        ["PORTAL_LOCAL_TOKEN"] = LocalToken,
        ["LocalCloud:TimeScale"] = "0.005",
        ["LocalCloud:BudgetTimeScale"] = BudgetTimeScale.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["LocalCloud:TrafficRatePerSecond"] = "0",
        // Each portal its own records, deleted with it; a restart test passes one folder to two portals.
        ["Portal:Data:Directory"] = Path.Combine(Path.GetTempPath(), "portal-tests-data", Guid.NewGuid().ToString("N")),
        // The demo's night schedule would pause staging under tests that run at 20:00 in New York; the tests that want it say so.
        ["Portal:Schedules:SeedLocalDemo"] = "false",
    };

    private LocalCloudHost? _sharedCloud;

    private readonly List<Action<IServiceCollection>> _services = [];

    private bool _ownsDataDirectory = true;

    public string DataDirectory => _settings["Portal:Data:Directory"]!;

    /// <summary>Runs against <paramref name="cloud"/> instead of a LocalCloud of its own, which then outlives this portal.</summary>
    public PortalApplication WithLocalCloud(LocalCloudHost cloud)
    {
        _sharedCloud = cloud;
        return this;
    }

    /// <summary>Adds services beside the portal's own (a test's job filter, say), before it starts.</summary>
    public PortalApplication WithServices(Action<IServiceCollection> configure)
    {
        _services.Add(configure);
        return this;
    }

    public PortalApplication With(string key, string? value)
    {
        if (key == "Portal:Data:Directory") _ownsDataDirectory = false;
        _settings[key] = value;
        return this;
    }

    /// <summary>The portal's LocalCloud: its world and fault injection.</summary>
    public LocalCloudHost LocalCloud => Services.GetRequiredService<LocalCloudRuntime>().Host;

    /// <summary>A client that is signed in as nobody: no bearer, no cookie yet.</summary>
    public HttpClient CreateAnonymousClient(bool allowAutoRedirect = false)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = allowAutoRedirect });
        client.DefaultRequestHeaders.Authorization = null;
        return client;
    }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", LocalToken);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        if (_sharedCloud is { } cloud) builder.ConfigureServices(s => s.AddSingleton(new SharedLocalCloud(cloud)));
        foreach (var configure in _services) builder.ConfigureServices(configure);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownsDataDirectory && Directory.Exists(DataDirectory)) Directory.Delete(DataDirectory, recursive: true);
    }
}
