using Microsoft.Extensions.Logging.Abstractions;

namespace Portal.LocalCloud.Tests;

/// <summary>Starts a private LocalCloud per test: port chosen by the OS, delays in milliseconds, no background traffic unless asked.</summary>
public static class TestCloud
{
    /// <summary>A 4-minute deployment takes 1.2 s; a 30 s health check interval 150 ms.</summary>
    public const double FastScale = 0.005;

    public static Task<LocalCloudHost> StartAsync(double timeScale = FastScale, double trafficRate = 0) =>
        LocalCloudHost.StartAsync(new LocalCloudOptions { Port = 0, TimeScale = timeScale, TrafficRatePerSecond = trafficRate }, NullLoggerFactory.Instance);

    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="timeout"/> passes; returns whether it held.</summary>
    public static async Task<bool> Eventually(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (condition()) return true;
            await Task.Delay(20);
        }
        return condition();
    }

    public static async Task<bool> Eventually(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return true;
            await Task.Delay(50);
        }
        return await condition();
    }
}
