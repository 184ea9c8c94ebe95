using Portal.LocalCloud.World;

namespace Portal.LocalCloud.Tests.Route53;

/// <summary>Reads and nudges the Route 53 side of a test's LocalCloud, always under the world's lock.</summary>
internal static class Route53World
{
    public static SeededEnvironment Production(this LocalCloudHost cloud) => cloud.World.Environments.Single(e => e.Name == "production");

    public static HealthCheck HealthCheckOf(this LocalCloudHost cloud, SeededRegion region) =>
        cloud.World.HealthChecks.Single(h => h.Id == region.HealthCheckId);

    public static AppRunnerService ServiceOf(this LocalCloudHost cloud, SeededRegion region) =>
        cloud.World.Services.Single(s => s.Arn == region.ServiceArn);

    public static bool IsHealthy(this LocalCloudHost cloud, SeededRegion region)
    {
        lock (cloud.World.Gate) return cloud.HealthCheckOf(region).IsHealthy;
    }

    public static void SetStatus(this LocalCloudHost cloud, SeededRegion region, string status)
    {
        lock (cloud.World.Gate) cloud.ServiceOf(region).Status = status;
    }

    public static void SetWeights(this LocalCloudHost cloud, SeededEnvironment env, params long[] weights)
    {
        lock (cloud.World.Gate)
        {
            var zone = cloud.World.HostedZones.Single(z => z.Id == env.HostedZoneId);
            for (var i = 0; i < env.Regions.Count; i++)
                zone.Records.Single(r => r.Name == env.RecordName && r.SetIdentifier == env.Regions[i].SetIdentifier).Weight = weights[i];
        }
    }

    public static List<(string Status, DateTimeOffset CheckedTime, bool ConsidersHealthy)> Checkers(this LocalCloudHost cloud, SeededRegion region)
    {
        lock (cloud.World.Gate) return [.. cloud.HealthCheckOf(region).Checkers.Select(c => (c.LastStatus, c.CheckedTime, c.ConsidersHealthy))];
    }

    /// <summary>Sends <paramref name="count"/> requests to the environment's global endpoint and counts them by the region that answered.</summary>
    public static async Task<Dictionary<string, int>> SendThroughGlobalEndpoint(this LocalCloudHost cloud, SeededEnvironment env, int count)
    {
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{env.GlobalEndpointPort}"), Timeout = TimeSpan.FromSeconds(30) };
        var byRegion = new Dictionary<string, int>();
        for (var i = 0; i < count; i++)
        {
            using var response = await client.GetAsync("/health");
            var region = response.Headers.TryGetValues("x-localcloud-region", out var values) ? values.Single() : $"HTTP {(int)response.StatusCode}";
            byRegion[region] = byRegion.GetValueOrDefault(region) + 1;
        }
        return byRegion;
    }
}
