using Portal.LocalCloud.World;

namespace Portal.LocalCloud.Route53;

/// <summary>
/// Route 53's health checkers: 16 per health check really probe the endpoint over HTTP every
/// RequestInterval (scaled), each flipping its verdict after FailureThreshold consecutive failures or
/// successes; <see cref="HealthCheck.IsHealthy"/> then applies the 18% rule. One loop per health check
/// probes one checker per tick, which staggers the checkers evenly across the interval (as the real ones
/// are spread out) and keeps the demo's steady load to a few dozen small requests a second.
/// </summary>
public sealed class HealthCheckers(CloudWorld world, SimClock clock, ILogger<HealthCheckers> logger) : ISimulation, IDisposable
{
    // Route 53 gives an endpoint 4 s to accept the connection and 2 s more to answer; not scaled, because a
    // loopback endpoint on a busy test machine must not look down just because the simulation runs fast.
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(6);

    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        UseCookies = false,
        ConnectTimeout = ConnectTimeout,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
        // What endpoints see in their access logs from real checkers, so log filters written for AWS work here.
        DefaultRequestHeaders = { { "User-Agent", "Amazon-Route53-Health-Check-Service (ref localcloud; report http://amzn.to/1vsZADi)" } },
    };

    public void Start(SimTasks tasks)
    {
        List<(HealthCheck Check, int Interval)> checks;
        lock (world.Gate)
        {
            foreach (var check in world.HealthChecks) CheckerLocations.EnsureCheckers(check, clock.Now);
            checks = [.. world.HealthChecks.Select(c => (c, c.RequestInterval))];
        }
        foreach (var (check, interval) in checks) StartLoop(tasks, check, interval);
    }

    private void StartLoop(SimTasks tasks, HealthCheck check, int requestInterval)
    {
        CheckerObservation[] checkers;
        lock (world.Gate) checkers = [.. check.Checkers];
        var inFlight = new int[checkers.Length];
        var next = 0;
        tasks.Every($"route53 checkers {check.Id}", clock, TimeSpan.FromSeconds(requestInterval) / checkers.Length, ct =>
        {
            var i = next;
            next = (next + 1) % checkers.Length;
            // A probe that has not finished yet is not duplicated: a slow endpoint must not pile up requests.
            if (Interlocked.Exchange(ref inFlight[i], 1) == 0)
                _ = ProbeAsync(check, checkers[i], ct).ContinueWith(_ => Volatile.Write(ref inFlight[i], 0), TaskScheduler.Default);
            return Task.CompletedTask;
        });
    }

    private async Task ProbeAsync(HealthCheck check, CheckerObservation checker, CancellationToken stopping)
    {
        string url;
        int port;
        lock (world.Gate)
        {
            port = check.Port;
            url = $"http://{check.IpAddress}:{port}{check.ResourcePath}";
        }

        ProbeOutcome outcome;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            using var response = await _http.GetAsync(url, timeout.Token);
            outcome = ProbeOutcome.FromStatusCode((int)response.StatusCode);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested) { return; }
        catch (OperationCanceledException) { outcome = ProbeOutcome.TimedOut(); }
        catch (HttpRequestException e) { outcome = ProbeOutcome.FromException(e, port); }

        lock (world.Gate)
        {
            var wasHealthy = check.IsHealthy;
            Record(checker, outcome, check.FailureThreshold, clock.Now);
            if (wasHealthy != check.IsHealthy)
                logger.LogInformation("Route 53 health check {Id} ({Url}) is now {State}", check.Id, url, check.IsHealthy ? "healthy" : "unhealthy");
        }
    }

    /// <summary>A checker changes its mind only after FailureThreshold consecutive results the other way.</summary>
    public static void Record(CheckerObservation checker, ProbeOutcome outcome, int failureThreshold, DateTimeOffset at)
    {
        checker.LastStatus = outcome.Status;
        checker.CheckedTime = at;
        if (outcome.Success)
        {
            checker.ConsecutiveFailures = 0;
            checker.ConsecutiveSuccesses++;
            if (checker.ConsecutiveSuccesses >= failureThreshold) checker.ConsidersHealthy = true;
        }
        else
        {
            checker.ConsecutiveSuccesses = 0;
            checker.ConsecutiveFailures++;
            if (checker.ConsecutiveFailures >= failureThreshold) checker.ConsidersHealthy = false;
        }
    }

    public void Dispose() => _http.Dispose();
}
