using System.Diagnostics;
using System.Text.Json;
using Portal.LocalCloud.CloudWatch;
using Portal.LocalCloud.Faults;
using Portal.LocalCloud.World;

namespace Portal.LocalCloud.AppRunner;

/// <summary>
/// The web application an App Runner service runs, as a real loopback HTTP endpoint: /health answers its
/// region and image; a paused service answers 503; an image whose tag contains "broken" answers 5xx, and so does
/// every route when the service's configuration lacks the port, variables or secrets the app needs; an image whose
/// tag contains "slow-&lt;n&gt;ms" (v3-slow-300ms) takes n ms longer per page (not on /health, so its health checks
/// pass: a latency-only regression); a region outage drops the connection. Every request it serves feeds the
/// AWS/AppRunner metrics.
/// </summary>
public sealed partial class ServiceEndpoint(CloudWorld world, FaultState faults, MetricStore metrics, SimClock clock)
{
    [System.Text.RegularExpressions.GeneratedRegex(@"slow-(\d{1,5})ms", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex SlowTag();

    /// <summary>The latency a "slow-&lt;n&gt;ms" image adds to every page it serves.</summary>
    public static TimeSpan AddedLatency(string image) =>
        SlowTag().Match(image) is { Success: true } m ? TimeSpan.FromMilliseconds(int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)) : TimeSpan.Zero;

    public async Task HandleAsync(AppRunnerService service, HttpContext http)
    {
        if (faults.IsRegionDown(service.Region))
        {
            http.Abort();
            return;
        }

        string status, image;
        string? misconfigured;
        bool resuming;
        lock (world.Gate)
        {
            status = service.Status;
            image = service.ImageIdentifier;
            misconfigured = service.App.ProblemWith(service.Source.Image);
            resuming = status == ServiceStatus.OperationInProgress && service.Operations.FirstOrDefault()?.Type == OperationType.ResumeService;
        }
        if (status == ServiceStatus.Paused || resuming)
        {
            http.Response.StatusCode = 503;
            http.Response.Headers.RetryAfter = "60";
            await http.Response.WriteAsync("Service Unavailable: the App Runner service is paused.");
            return;
        }

        var started = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref service.InFlight);
        int statusCode;
        try
        {
            statusCode = await Serve(service, image, misconfigured, http);
        }
        finally
        {
            Interlocked.Decrement(ref service.InFlight);
        }
        ServiceMetrics.RecordRequest(metrics, service, statusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds, clock.Now);
    }

    private static async Task<int> Serve(AppRunnerService service, string image, string? misconfigured, HttpContext http)
    {
        var path = http.Request.Path.Value ?? "/";
        var broken = image.Contains("broken", StringComparison.OrdinalIgnoreCase);
        if (misconfigured is not null)
        {
            // The application cannot start without its port and environment: every request fails, the health route too.
            http.Response.StatusCode = 502;
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(JsonSerializer.Serialize(new { error = "application not serving: " + misconfigured, region = service.Region, image }));
            return 502;
        }
        http.Response.Headers["x-localcloud-region"] = service.Region;
        http.Response.Headers["x-localcloud-image"] = image;

        int statusCode;
        object body;
        if (path == AppRunnerService.HealthPath)
        {
            statusCode = broken ? 500 : 200;
            body = new { status = broken ? "error" : "ok", region = service.Region, image, service = service.Name };
        }
        else if (path is "/" or "/api/items")
        {
            // A real app spends some time per request; a lognormal with a ~20 ms median and a long tail.
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(400, 20 * Math.Exp(0.6 * Gaussian()))) + AddedLatency(image), http.RequestAborted);
            statusCode = broken ? 502 : 200;
            body = broken ? new { error = "upstream failure", region = service.Region, image } : new { region = service.Region, image, items = 3 };
        }
        else
        {
            statusCode = 404;
            body = new { error = "not found", path, region = service.Region };
        }
        http.Response.StatusCode = statusCode;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(JsonSerializer.Serialize(body));
        return statusCode;
    }

    private static double Gaussian()
    {
        var u1 = 1.0 - Random.Shared.NextDouble();
        var u2 = Random.Shared.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
