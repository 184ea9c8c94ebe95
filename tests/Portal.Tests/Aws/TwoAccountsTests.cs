using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.LocalCloud;
using Portal.LocalCloud.Protocol;
using Portal.LocalCloud.World;
using Portal.Tests.Jobs;

namespace Portal.Tests.Aws;

/// <summary>
/// Production in the portal's own account (000000000000), staging in a second account (222222222222) reached by
/// assuming its role with an external id, as AWS advises. LocalCloud keeps the accounts apart and records the account
/// of every signed call, so the test sees which account's credentials each read and each deploy was signed with.
/// </summary>
public sealed class TwoAccountsTests : PortalPerTest
{
    private const string Own = "000000000000";
    private const string Second = "222222222222";

    public override Task InitializeAsync()
    {
        App.With("LocalCloud:Accounts", "2");
        return base.InitializeAsync();
    }

    private IReadOnlyDictionary<string, long> Accounts() => App.LocalCloud.Services.GetRequiredService<ApiCallCounter>().Accounts();

    private long Count(string account, string operation) => Accounts().GetValueOrDefault($"{account} {operation}");

    // LocalCloud names Route 53's REST calls by the model's operation name, as it throttles them.
    private long HealthCheckStatusReads(string account) => Count(account, "route53:GetHealthCheckStatus");

    [Fact]
    public async Task Each_environment_is_read_and_deployed_with_its_own_accounts_credentials()
    {
        var client = App.CreateClient();
        // Both environments on the dashboard, each read in its own account.
        Assert.True(await Eventually.Async(async () => await StatusAsync(client, "production") == "RUNNING"
            && await StatusAsync(client, "staging") == "RUNNING"),
            JsonSerializer.Serialize(Accounts()));
        foreach (var operation in new[] { "apprunner:DescribeService", "apprunner:ListOperations", "dynamodb:DescribeTable" })
        {
            Assert.True(Count(Own, operation) > 0, $"{operation} from {Own}: {JsonSerializer.Serialize(Accounts())}");
            Assert.True(Count(Second, operation) > 0, $"{operation} from {Second}: {JsonSerializer.Serialize(Accounts())}");
        }
        Assert.True(HealthCheckStatusReads(Own) > 0 && HealthCheckStatusReads(Second) > 0, JsonSerializer.Serialize(Accounts()));
        Assert.True(await Eventually.Async(() => Task.FromResult(Count(Own, "monitoring:GetMetricData") > 0 && Count(Second, "monitoring:GetMetricData") > 0)));
        // The role is assumed with the portal's own credentials, once, not per call.
        Assert.Equal(1, Count(Own, "sts:AssumeRole"));
        Assert.Equal(0, Count(Second, "sts:AssumeRole"));

        var staging = await Jobs.AcceptedAsync("/api/environments/staging/deployments", new { imageTag = "v2" });
        Assert.Equal("Succeeded", (await Jobs.FinishedAsync(staging)).GetProperty("state").GetString());
        var production = await Jobs.AcceptedAsync("/api/environments/production/deployments", new { imageTag = "v2", confirmEnvironment = "production" });
        Assert.Equal("Succeeded", (await Jobs.FinishedAsync(production)).GetProperty("state").GetString());

        // Two regions each: UpdateService in staging's account for staging, in the own account for production.
        Assert.Equal(2, Count(Second, "apprunner:UpdateService"));
        Assert.Equal(2, Count(Own, "apprunner:UpdateService"));
        Assert.True(Count(Second, "ecr:DescribeImages") > 0);
        Assert.Equal(("RUNNING", "v2", 1), Jobs.Service("staging", "us-east-2"));
        Assert.Equal(("RUNNING", "v2", 1), Jobs.Service("production", "us-east-2"));
        Assert.Equal(1, Count(Own, "sts:AssumeRole"));
    }

    [Fact]
    public async Task A_wrong_external_id_is_refused_and_the_dashboard_and_the_job_say_why()
    {
        // The second account's administrator has changed the role's trust policy to another external id, before the
        // portal starts (a portal that already holds a session keeps it until it expires, as on AWS).
        await using var cloud = await LocalCloudHost.StartAsync(
            new LocalCloudOptions { Port = 0, TimeScale = 0.005, BudgetTimeScale = PortalApplication.BudgetTimeScale, TrafficRatePerSecond = 0, Accounts = 2 },
                NullLoggerFactory.Instance);
        var world = cloud.World;
        lock (world.Gate)
        {
            var role = world.Roles.Single(r => r.Arn == Seeder.OperatorRoleArn(Second));
            world.Roles[world.Roles.IndexOf(role)] = role with { ExternalId = "rotated-by-the-account-admin" };
        }
        App.WithLocalCloud(cloud);
        var client = App.CreateClient();

        var reason = "";
        Assert.True(await Eventually.Async(async () =>
        {
            reason = await StaleReasonAsync(client, "staging") ?? "";
            return reason.Contains("AccessDenied", StringComparison.Ordinal);
        }), $"the dashboard never said why staging cannot be read: '{reason}'");
        Assert.Contains($"could not assume {Seeder.OperatorRoleArn(Second)} with the configured ExternalId", reason);
        Assert.Contains("docs/accounts.md", reason);
        Assert.DoesNotContain("localcloud-staging", reason);
        // Production, in the portal's own account, is read as before.
        Assert.True(await Eventually.Async(async () => await StatusAsync(client, "production") == "RUNNING"));
        Assert.Equal(0, Count(Second, "apprunner:DescribeService"));

        var job = await Jobs.FinishedAsync(await Jobs.AcceptedAsync("/api/environments/staging/deployments", new { imageTag = "v2" }));
        Assert.Equal("Failed", job.GetProperty("state").GetString());
        Assert.Contains("AccessDenied", JsonSerializer.Serialize(job));
        Assert.Equal(("RUNNING", "v1", 0), Jobs.Service("staging", "us-east-1"));
    }

    private static async Task<JsonElement?> RegionAsync(HttpClient client, string environment)
    {
        using var response = await client.GetAsync($"/api/environments/{environment}/status");
        if (!response.IsSuccessStatusCode) return null;
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("regions")[0].Clone();
    }

    private static async Task<string?> StatusAsync(HttpClient client, string environment) =>
        await RegionAsync(client, environment) is { } region && region.TryGetProperty("serviceStatus", out var status) ? status.GetString() : null;

    private static async Task<string?> StaleReasonAsync(HttpClient client, string environment) =>
        await RegionAsync(client, environment) is { } region
            ? string.Join("\n", region.GetProperty("staleReasons").EnumerateArray().Select(r => r.GetString()))
            : null;
}
