using System.Text.Json;
using Amazon.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Aws;
using Portal.LocalCloud;
using Portal.LocalCloud.Protocol;
using Portal.LocalCloud.World;

namespace Portal.Tests.Aws;

/// <summary>When the portal's temporary credentials expire, AWS refuses every call, and the dashboard says why.</summary>
public sealed class ExpiredCredentialsTests
{
    private sealed class SessionSource(IssuedCredentials issued) : IAwsCredentialsSource
    {
        public AWSCredentials Credentials { get; } = new SessionAWSCredentials(issued.AccessKeyId, issued.SecretAccessKey, issued.SessionToken);
    }

    [Fact]
    public async Task Expired_session_credentials_show_on_the_dashboard_as_expired_with_what_to_do()
    {
        await using var cloud = await LocalCloudHost.StartAsync(new LocalCloudOptions { Port = 0, TimeScale = 0.005, TrafficRatePerSecond = 0,
            BudgetTimeScale = PortalApplication.BudgetTimeScale }, NullLoggerFactory.Instance);
        var sessions = cloud.Services.GetRequiredService<SessionCredentials>();
        var issued = sessions.Issue(Seeder.OperatorRoleArn("000000000000"), "dashboard", TimeSpan.FromHours(1));
        await using var app = new PortalApplication().WithLocalCloud(cloud)
            .WithServices(s => s.Replace(ServiceDescriptor.Singleton<IAwsCredentialsSource>(new SessionSource(issued))));
        var client = app.CreateClient();

        // Signed with the session's key, the dashboard reads as usual.
        Assert.True(await Eventually.Async(async () => (await RegionAsync(client))?.GetProperty("serviceStatus").GetString() == "RUNNING"));

        sessions.Expire(issued.AccessKeyId);

        var region = default(JsonElement);
        Assert.True(await Eventually.Async(async () =>
        {
            if (await RegionAsync(client) is not { } read) return false;
            region = read;
            return region.GetProperty("staleReasons").EnumerateArray().Any(r => r.GetString()!.Contains("ExpiredTokenException", StringComparison.Ordinal));
        }), $"the dashboard never said the credentials expired: {region}");
        var reason = region.GetProperty("staleReasons").EnumerateArray().Select(r => r.GetString()!)
            .First(r => r.Contains("ExpiredTokenException", StringComparison.Ordinal));
        Assert.Contains("The security token included in the request is expired", reason);
        Assert.Contains("temporary AWS credentials have expired: renew the session", reason);
        Assert.DoesNotContain(issued.SessionToken, reason);
    }

    // Null until the first snapshot exists (the API answers 404 before the collector's first read).
    private static async Task<JsonElement?> RegionAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/api/environments/staging/status");
        if (!response.IsSuccessStatusCode) return null;
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("regions")[0].Clone();
    }
}
