using System.Diagnostics;
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
public sealed class ServiceEndpoint(CloudWorld world, FaultState faults, MetricStore metrics, SimClock clock)
{
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
            statusCode = await SimulatedWebApp.ServeAsync(service.Region, service.Name, image, AppRunnerService.HealthPath, misconfigured, http);
        }
        finally
        {
            Interlocked.Decrement(ref service.InFlight);
        }
        ServiceMetrics.RecordRequest(metrics, service, statusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds, clock.Now);
    }
}
