using Portal.LocalCloud.World;

namespace Portal.LocalCloud.Route53;

/// <summary>
/// What a client gets by resolving an environment's weighted record and connecting: each request picks
/// a record by Route 53's rules from the current weights and health, then is proxied to that record's
/// value (a regional App Runner endpoint). Works whatever the state of Route 53's API, as DNS does.
/// When the chosen endpoint drops the connection (its region is down) the client gets 502 rather than a
/// reset, so the traffic generator and curl can still count and show the failure.
/// </summary>
public sealed class GlobalEndpoint(CloudWorld world) : IDisposable
{
    /// <summary>Which record served the request (its set identifier, the region in the seeded world).</summary>
    public const string RecordHeader = "x-localcloud-record";

    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Host",
    };

    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    })
    { Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>The environment's weighted records with their current health, as the router sees them.</summary>
    public IReadOnlyList<WeightedCandidate> Candidates(SeededEnvironment environment)
    {
        lock (world.Gate)
        {
            var zone = world.HostedZones.FirstOrDefault(z => z.Id == environment.HostedZoneId);
            if (zone is null) return [];
            var name = ZoneChanges.Normalize(environment.RecordName);
            return [.. zone.Records
                .Where(r => r.Weight is not null && r.SetIdentifier is not null && ZoneChanges.Normalize(r.Name) == name)
                .Select(r => new WeightedCandidate(r.SetIdentifier!, r.Weight!.Value, IsHealthy(r.HealthCheckId), r.Values.FirstOrDefault() ?? ""))];
        }
    }

    /// <summary>The share (0-1) of requests each set identifier (region) receives right now.</summary>
    public IReadOnlyDictionary<string, double> RoutingShares(SeededEnvironment environment) =>
        WeightedRouting.Shares(Candidates(environment)).ToDictionary(s => s.Record.SetIdentifier, s => s.Share);

    public async Task HandleAsync(SeededEnvironment environment, HttpContext http)
    {
        var target = WeightedRouting.Pick(Candidates(environment), Random.Shared.NextDouble());
        if (target is null || target.Value.Length == 0)
        {
            http.Response.StatusCode = 502;
            await http.Response.WriteAsync($"LocalCloud: {environment.RecordName} has no weighted record to answer with.");
            return;
        }
        http.Response.Headers[RecordHeader] = target.SetIdentifier;

        var baseUrl = target.Value.Contains("://", StringComparison.Ordinal) ? target.Value : "http://" + target.Value;
        using var request = new HttpRequestMessage(new HttpMethod(http.Request.Method), baseUrl.TrimEnd('/') + http.Request.PathBase + http.Request.Path
            + http.Request.QueryString);
        if (http.Request.ContentLength > 0 || http.Request.Headers.TransferEncoding.Count > 0)
            request.Content = new StreamContent(http.Request.Body);
        foreach (var (name, values) in http.Request.Headers)
        {
            if (HopByHop.Contains(name)) continue;
            if (!request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
                request.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
        }

        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, http.RequestAborted);
            http.Response.StatusCode = (int)response.StatusCode;
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
                if (!HopByHop.Contains(name)) http.Response.Headers[name] = values.ToArray();
            await response.Content.CopyToAsync(http.Response.Body, http.RequestAborted);
        }
        catch (HttpRequestException e) when (!http.Response.HasStarted)
        {
            http.Response.StatusCode = 502;
            await http.Response.WriteAsync($"LocalCloud: the endpoint of record {target.SetIdentifier} ({target.Value}) failed: {e.Message}");
        }
    }

    private bool IsHealthy(string? healthCheckId) =>
        healthCheckId is null || world.HealthChecks.FirstOrDefault(h => h.Id == healthCheckId)?.IsHealthy != false;

    public void Dispose() => _http.Dispose();
}
