using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.BrowserTests;

/// <summary>
/// The portal in local mode on real Kestrel (WebApplicationFactory.UseKestrel, .NET 10) on a free
/// loopback port, so a real browser can load it. The entry point is named through a Portal type because
/// Portal and Portal.LocalCloud both have a public top-level Program.
/// </summary>
public sealed class PortalServer : WebApplicationFactory<Portal.Pages.IndexModel>, IAsyncLifetime
{
    private readonly int _port;
    private readonly IReadOnlyDictionary<string, string?> _settings;

    public PortalServer() : this(0, new Dictionary<string, string?>()) { }

    /// <summary>On <paramref name="port"/> (0: any free one), with <paramref name="settings"/> on top of the tests' own.</summary>
    internal PortalServer(int port, IReadOnlyDictionary<string, string?> settings)
    {
        _port = port;
        _settings = settings;
        UseKestrel(port);
    }

    /// <summary>The fixed local sign-in token; <see cref="SignInUrl"/> signs a browser in with it.</summary>
    public const string LocalToken = "portal-browser-tests-token-41d8e2";

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>This server's portal.db folder, deleted with it: every run starts with no records.</summary>
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "portal-browser-tests-data", Guid.NewGuid().ToString("N"));

    /// <summary>The sign-in link, as local mode prints it, landing on <paramref name="returnUrl"/> signed in.</summary>
    public string SignInUrl(string returnUrl = "/") =>
        new Uri(BaseUrl, $"/signin?token={LocalToken}&returnUrl={Uri.EscapeDataString(returnUrl)}").ToString();

    /// <summary>The portal's in-process LocalCloud: its world, its faults.</summary>
    public Portal.LocalCloud.LocalCloudHost LocalCloud => Services.GetRequiredService<Portal.LocalMode.LocalCloudRuntime>().Host;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("urls", $"http://127.0.0.1:{_port}");
        builder.UseSetting("PORTAL_LOCAL_TOKEN", LocalToken);
        builder.UseSetting("Portal:Data:Directory", _dataDirectory);
        // Every test signs its fresh browser context in through the link; the default 5 a minute is for people.
        builder.UseSetting("Portal:Auth:SignInAttemptsPerMinute", "1000");
        // The demo's night schedule would pause staging under tests that run at 20:00 in New York.
        builder.UseSetting("Portal:Schedules:SeedLocalDemo", "false");
        builder.UseSetting("LocalCloud:TimeScale", "0.005");
        // Route 53's budgets compress with LocalCloud's clock, as in the host tests (PortalApplication.BudgetTimeScale).
        builder.UseSetting("LocalCloud:BudgetTimeScale", "0.005");
        builder.UseSetting("LocalCloud:TrafficRatePerSecond", "20");
        builder.UseSetting("Portal:Status:RefreshInterval", "00:00:00.300");
        builder.UseSetting("Portal:Status:MetricsInterval", "00:00:01");
        builder.UseSetting("Portal:Status:StaleAfter", "00:00:05");
        // Operations at a pace a person can watch in a test: each region bakes 2 s, so the job page shows steps running.
        builder.UseSetting("Portal:Operations:BakeTime", "00:00:02");
        builder.UseSetting("Portal:Operations:PollInterval", "00:00:00.200");
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
    }

    public Task InitializeAsync()
    {
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUrl = new Uri(address.Replace("[::]", "127.0.0.1").Replace("localhost", "127.0.0.1"));
        return Task.CompletedTask;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (Directory.Exists(_dataDirectory)) Directory.Delete(_dataDirectory, recursive: true);
    }
}
