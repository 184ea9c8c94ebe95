using Portal.LocalCloud.World;

namespace Portal.LocalCloud.CloudWatch;

/// <summary>
/// Users of the demo: <see cref="LocalCloudOptions.TrafficRatePerSecond"/> real HTTP requests per
/// second to each environment's global endpoint, mostly pages and API calls with a few stray paths
/// (404s). Open-loop like real users, but with a fixed ceiling on requests in flight: when endpoints
/// are slow or hanging, requests beyond the ceiling are shed and counted, never queued, so tasks and
/// memory cannot grow.
/// </summary>
public sealed class TrafficGenerator(CloudWorld world, LocalCloudOptions options, SimClock clock) : ISimulation
{
    public const int MaxInFlight = 64;
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(50);

    private long _sent, _completed, _failed, _shed;
    private int _inFlight;

    /// <summary>Requests started.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Requests that got an HTTP response (any status).</summary>
    public long Completed => Interlocked.Read(ref _completed);

    /// <summary>Requests that got no response (connection refused or dropped, timeout).</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Requests not sent because <see cref="MaxInFlight"/> were already waiting.</summary>
    public long Shed => Interlocked.Read(ref _shed);

    public int InFlight => Volatile.Read(ref _inFlight);

    public void Start(SimTasks tasks)
    {
        if (options.TrafficRatePerSecond <= 0) return;
        tasks.Run("traffic generator", RunAsync);
    }

    private async Task RunAsync(CancellationToken ct)
    {
        using var handler = new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = MaxInFlight, ConnectTimeout = TimeSpan.FromSeconds(5),
            PooledConnectionLifetime = TimeSpan.FromMinutes(2) };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        var random = new Random(options.RandomSeed);
        var credit = 0.0;
        var last = clock.Time.GetTimestamp();
        using var timer = new PeriodicTimer(Tick, clock.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                var now = clock.Time.GetTimestamp();
                // After a stall (GC, a busy machine) send at most one second's worth at once, not a flood.
                credit += options.TrafficRatePerSecond * Math.Min(1.0, clock.Time.GetElapsedTime(last, now).TotalSeconds);
                last = now;
                int[] ports;
                lock (world.Gate) ports = [.. world.Environments.Select(e => e.GlobalEndpointPort)];
                for (; credit >= 1; credit -= 1)
                    foreach (var port in ports)
                        Send(client, new Uri($"http://127.0.0.1:{port}{PickPath(random)}"), ct);
            }
        }
        finally
        {
            // The requests were cancelled with ct; give them a moment to release their sockets before the client goes.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
            while (Volatile.Read(ref _inFlight) > 0 && DateTime.UtcNow < deadline) await Task.Delay(10, CancellationToken.None);
        }
    }

    private void Send(HttpClient client, Uri url, CancellationToken ct)
    {
        if (Interlocked.Increment(ref _inFlight) > MaxInFlight)
        {
            Interlocked.Decrement(ref _inFlight);
            Interlocked.Increment(ref _shed);
            return;
        }
        Interlocked.Increment(ref _sent);
        _ = SendAsync(client, url, ct);
    }

    private async Task SendAsync(HttpClient client, Uri url, CancellationToken ct)
    {
        try
        {
            using var response = await client.GetAsync(url, ct);
            await response.Content.ReadAsByteArrayAsync(ct);
            Interlocked.Increment(ref _completed);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
        {
            if (!ct.IsCancellationRequested) Interlocked.Increment(ref _failed);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    /// <summary>A site's typical mix: 60% pages, 36% API calls, 4% stale links that 404.</summary>
    private static string PickPath(Random random) => random.NextDouble() switch
    {
        < 0.04 => "/old-page-" + random.Next(1, 20),
        < 0.40 => "/api/items",
        _ => "/",
    };
}
