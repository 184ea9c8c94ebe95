using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Portal.LocalCloud;

/// <summary>
/// The web application every simulated runtime (App Runner, ECS Express) runs: its health route answers
/// the region and image, its API spends a realistic time per request, and an image whose tag contains
/// "broken" fails (500 on health, 502 on the API) so deployments of it fail their health checks. An image whose
/// tag contains "slow-&lt;n&gt;ms" (v3-slow-300ms) takes n ms longer per page, not on the health route, so its
/// health checks pass: a latency-only regression. An app started without the configuration it needs fails
/// every request, its health route too.
/// </summary>
public static partial class SimulatedWebApp
{
    public static bool IsHealthy(string image) => !image.Contains("broken", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"slow-(\d{1,5})ms", RegexOptions.IgnoreCase)]
    private static partial Regex SlowTag();

    /// <summary>The latency a "slow-&lt;n&gt;ms" image adds to every page it serves.</summary>
    public static TimeSpan AddedLatency(string image) =>
        SlowTag().Match(image) is { Success: true } m ? TimeSpan.FromMilliseconds(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)) : TimeSpan.Zero;

    /// <summary>Serves one request and returns the status code it answered.</summary>
    /// <param name="misconfigured">Why the app cannot start with its runtime's configuration (a missing port, variable or
    /// secret), or null when it can.</param>
    public static async Task<int> ServeAsync(string region, string serviceName, string image, string healthCheckPath, string? misconfigured, HttpContext http)
    {
        var path = http.Request.Path.Value ?? "/";
        var broken = !IsHealthy(image);
        if (misconfigured is not null)
        {
            http.Response.StatusCode = 502;
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(JsonSerializer.Serialize(new { error = "application not serving: " + misconfigured, region, image }));
            return 502;
        }
        http.Response.Headers["x-localcloud-region"] = region;
        http.Response.Headers["x-localcloud-image"] = image;

        int statusCode;
        object body;
        if (path == healthCheckPath)
        {
            statusCode = broken ? 500 : 200;
            body = new { status = broken ? "error" : "ok", region, image, service = serviceName };
        }
        else if (path is "/" or "/api/items")
        {
            // A real app spends some time per request; a lognormal with a ~20 ms median and a long tail.
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(400, 20 * Math.Exp(0.6 * Gaussian()))) + AddedLatency(image), http.RequestAborted);
            statusCode = broken ? 502 : 200;
            body = broken ? new { error = "upstream failure", region, image } : new { region, image, items = 3 };
        }
        else
        {
            statusCode = 404;
            body = new { error = "not found", path, region };
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
