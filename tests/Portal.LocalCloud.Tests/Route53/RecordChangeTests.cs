using Microsoft.Extensions.DependencyInjection;
using Portal.LocalCloud.World;

namespace Portal.LocalCloud.Tests.Route53;

/// <summary>ChangeResourceRecordSets and GetChange through the AWS CLI: weighted UPSERTs, validation errors, PENDING then INSYNC.</summary>
public sealed class RecordChangeTests
{
    private static Task<AwsCliResult> Aws(LocalCloudHost cloud, params string[] args) => AwsCli.RunAsync(cloud, "us-east-1", ["route53", .. args]);

    private static string Batch(LocalCloudHost cloud, SeededEnvironment env, long weight0, long weight1, string? healthCheckOverride = null) =>
        Route53ApiTests.ChangeBatch(env.RecordName,
            (env.Regions[0].SetIdentifier, weight0, cloud.ServiceOf(env.Regions[0]).ServiceUrl, healthCheckOverride ?? env.Regions[0].HealthCheckId),
            (env.Regions[1].SetIdentifier, weight1, cloud.ServiceOf(env.Regions[1]).ServiceUrl, env.Regions[1].HealthCheckId));

    [Fact]
    public async Task An_upsert_of_weights_is_applied_and_its_change_goes_from_PENDING_to_INSYNC()
    {
        await using var cloud = await TestCloud.StartAsync();
        var env = cloud.Production();

        var change = await Aws(cloud, "change-resource-record-sets", "--hosted-zone-id", env.HostedZoneId, "--change-batch", Batch(cloud, env, 200, 55));

        Assert.True(change.ExitCode == 0, change.Stderr);
        var info = change.Json.GetProperty("ChangeInfo");
        Assert.Equal("PENDING", info.GetProperty("Status").GetString());
        Assert.StartsWith("/change/C", info.GetProperty("Id").GetString());
        Assert.Equal("rebalance from a test", info.GetProperty("Comment").GetString());
        var changeId = info.GetProperty("Id").GetString()!;

        var listed = await Aws(cloud, "list-resource-record-sets", "--hosted-zone-id", env.HostedZoneId);
        Assert.True(listed.ExitCode == 0, listed.Stderr);
        var weights = listed.Json.GetProperty("ResourceRecordSets").EnumerateArray()
            .Where(r => r.GetProperty("Name").GetString() == env.RecordName)
            .ToDictionary(r => r.GetProperty("SetIdentifier").GetString()!, r => r.GetProperty("Weight").GetInt64());
        Assert.Equal(200, weights[env.Regions[0].SetIdentifier]);
        Assert.Equal(55, weights[env.Regions[1].SetIdentifier]);

        // 60 s of AWS time is 300 ms here; poll with the CLI itself.
        Assert.True(await TestCloud.Eventually(async () =>
        {
            var get = await Aws(cloud, "get-change", "--id", changeId);
            return get.ExitCode == 0 && get.Json.GetProperty("ChangeInfo").GetProperty("Status").GetString() == "INSYNC";
        }, TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public async Task A_second_change_to_the_zone_while_one_is_PENDING_is_PriorRequestNotComplete()
    {
        // Slow enough (60 s of AWS time is 30 s here) that two CLI processes fit inside the PENDING window.
        await using var cloud = await TestCloud.StartAsync(timeScale: 0.5);
        var env = cloud.Production();

        var first = await Aws(cloud, "change-resource-record-sets", "--hosted-zone-id", env.HostedZoneId, "--change-batch", Batch(cloud, env, 100, 100));
        var pending = await Aws(cloud, "get-change", "--id", first.Json.GetProperty("ChangeInfo").GetProperty("Id").GetString()!);
        var second = await Aws(cloud, "change-resource-record-sets", "--hosted-zone-id", env.HostedZoneId, "--change-batch", Batch(cloud, env, 50, 150));

        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Equal("PENDING", pending.Json.GetProperty("ChangeInfo").GetProperty("Status").GetString());
        Assert.NotEqual(0, second.ExitCode);
        Assert.Equal("PriorRequestNotComplete", second.ErrorCode);
    }

    [Fact]
    public async Task A_weight_above_255_is_InvalidInput_and_changes_nothing()
    {
        await using var cloud = await TestCloud.StartAsync();
        var env = cloud.Production();

        var result = await Aws(cloud, "change-resource-record-sets", "--hosted-zone-id", env.HostedZoneId, "--change-batch", Batch(cloud, env, 300, 10));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal("InvalidInput", result.ErrorCode);
        Assert.Equal(0.5, cloud.Services.GetRequiredService<Portal.LocalCloud.Route53.GlobalEndpoint>().RoutingShares(env)[env.Regions[0].SetIdentifier]);
    }

    [Fact]
    public async Task A_record_pointing_at_an_unknown_health_check_is_NoSuchHealthCheck()
    {
        await using var cloud = await TestCloud.StartAsync();
        var env = cloud.Production();

        var result = await Aws(cloud, "change-resource-record-sets", "--hosted-zone-id", env.HostedZoneId, "--change-batch",
            Batch(cloud, env, 128, 128, healthCheckOverride: "11111111-2222-3333-4444-555555555555"));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal("NoSuchHealthCheck", result.ErrorCode);
    }

    [Fact]
    public async Task A_record_outside_the_zone_or_an_unknown_action_is_refused_with_AWS_codes()
    {
        await using var cloud = await TestCloud.StartAsync();
        var env = cloud.Production();
        var outside = Route53ApiTests.ChangeBatch("app.example.org.", ("us-east-1", 10, cloud.ServiceOf(env.Regions[0]).ServiceUrl, null));
        var badAction = Batch(cloud, env, 1, 1).Replace("UPSERT", "REPLACE", StringComparison.Ordinal);

        var outsideResult = await Aws(cloud, "change-resource-record-sets", "--hosted-zone-id", env.HostedZoneId, "--change-batch", outside);
        var badActionResult = await Aws(cloud, "change-resource-record-sets", "--hosted-zone-id", env.HostedZoneId, "--change-batch", badAction);

        Assert.Equal("InvalidChangeBatch", outsideResult.ErrorCode);
        Assert.Equal("InvalidInput", badActionResult.ErrorCode);
    }
}
