using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Aws;
using Portal.LocalCloud;

namespace Portal.Tests.Aws;

/// <summary>A private LocalCloud per test class (port from the OS, delays in milliseconds, no traffic).</summary>
public sealed class LocalCloudFixture : IAsyncLifetime
{
    public LocalCloudHost Cloud { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Cloud = await LocalCloudHost.StartAsync(new LocalCloudOptions { Port = 0, TimeScale = 0.005, TrafficRatePerSecond = 0 }, NullLoggerFactory.Instance);

    public async Task DisposeAsync() => await Cloud.DisposeAsync();
}

/// <summary>The AWS adapters as the portal registers them, pointed at a LocalCloud through Aws:Endpoints:Default.</summary>
public static class AdapterHarness
{
    public static ServiceProvider Build(LocalCloudHost cloud, string secret = "test", int maxRetries = 2, CapturedLogs? logs = null) =>
        Build(cloud.Endpoint, secret, maxRetries, logs);

    /// <summary>The adapters pointed at any endpoint, e.g. a fake that answers garbage.</summary>
    public static ServiceProvider Build(Uri endpoint, string secret = "test", int maxRetries = 2, CapturedLogs? logs = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Aws:Endpoints:Default"] = endpoint.ToString(),
            ["Aws:Resilience:MaxRetries"] = maxRetries.ToString(),
            ["Aws:Resilience:BaseDelay"] = "00:00:00.002",
            ["Aws:Resilience:MaxDelay"] = "00:00:00.020",
            ["Aws:Resilience:AttemptTimeout"] = "00:00:05",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(b =>
        {
            b.SetMinimumLevel(LogLevel.Debug);
            if (logs is not null) b.AddProvider(logs);
        });
        services.AddAwsAdapters(configuration);
        services.AddSingleton<IAwsCredentialsSource>(new StaticCredentialsSource("test", secret));
        return services.BuildServiceProvider();
    }
}

/// <summary>Every log line written, for asserting what the adapters logged (and did not).</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose() { }

    private sealed class Logger(CapturedLogs owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Lines.Enqueue(formatter(state, exception));
    }
}
