using System.Text.Json;

namespace Portal.LocalCloud.Tests.Route53;

/// <summary>Route 53's read operations as Debian's AWS CLI v2 calls and parses them.</summary>
public sealed class Route53ApiTests : IAsyncLifetime
{
    private LocalCloudHost _cloud = null!;

    public async Task InitializeAsync() => _cloud = await TestCloud.StartAsync();

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    private Task<AwsCliResult> Aws(params string[] args) => AwsCli.RunAsync(_cloud, "us-east-1", ["route53", .. args]);

    [Fact]
    public async Task List_health_checks_pages_through_every_seeded_check_with_its_http_config()
    {
        var result = await Aws("list-health-checks", "--page-size", "1");

        Assert.True(result.ExitCode == 0, result.Stderr);
        var checks = result.Json.GetProperty("HealthChecks").EnumerateArray().ToList();
        Assert.Equal(_cloud.World.HealthChecks.Select(h => h.Id).Order(), checks.Select(c => c.GetProperty("Id").GetString()).Order());
        var first = _cloud.World.HealthChecks[0];
        var config = checks.Single(c => c.GetProperty("Id").GetString() == first.Id).GetProperty("HealthCheckConfig");
        Assert.Equal("HTTP", config.GetProperty("Type").GetString());
        Assert.Equal("127.0.0.1", config.GetProperty("IPAddress").GetString());
        Assert.Equal(first.Port, config.GetProperty("Port").GetInt32());
        Assert.Equal("/health", config.GetProperty("ResourcePath").GetString());
        Assert.Equal(30, config.GetProperty("RequestInterval").GetInt32());
        Assert.Equal(3, config.GetProperty("FailureThreshold").GetInt32());
    }

    [Fact]
    public async Task Get_health_check_returns_the_check_and_its_version()
    {
        var id = _cloud.Production().Regions[1].HealthCheckId;

        var result = await Aws("get-health-check", "--health-check-id", id);

        Assert.True(result.ExitCode == 0, result.Stderr);
        var check = result.Json.GetProperty("HealthCheck");
        Assert.Equal(id, check.GetProperty("Id").GetString());
        Assert.Equal(1, check.GetProperty("HealthCheckVersion").GetInt64());
        Assert.Equal(_cloud.HealthCheckOf(_cloud.Production().Regions[1]).Port, check.GetProperty("HealthCheckConfig").GetProperty("Port").GetInt32());
    }

    [Fact]
    public async Task Get_health_check_status_reports_sixteen_checkers_in_eight_regions_seeing_success()
    {
        var region = _cloud.Production().Regions[0];
        Assert.True(await TestCloud.Eventually(() => _cloud.Checkers(region)
            .All(c => c.CheckedTime > DateTimeOffset.UtcNow.AddMinutes(-1) && c.Status.StartsWith("Success", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30)));

        var result = await Aws("get-health-check-status", "--health-check-id", region.HealthCheckId);

        Assert.True(result.ExitCode == 0, result.Stderr);
        var observations = result.Json.GetProperty("HealthCheckObservations").EnumerateArray().ToList();
        Assert.Equal(16, observations.Count);
        Assert.Equal(8, observations.Select(o => o.GetProperty("Region").GetString()).Distinct().Count());
        Assert.Equal(16, observations.Select(o => o.GetProperty("IPAddress").GetString()).Distinct().Count());
        Assert.All(observations, o =>
        {
            Assert.Equal("Success: HTTP Status Code 200, OK", o.GetProperty("StatusReport").GetProperty("Status").GetString());
            Assert.True(o.GetProperty("StatusReport").GetProperty("CheckedTime").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddHours(-1));
        });
    }

    [Fact]
    public async Task An_unknown_health_check_is_NoSuchHealthCheck()
    {
        var result = await Aws("get-health-check-status", "--health-check-id", "00000000-0000-0000-0000-000000000000");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal("NoSuchHealthCheck", result.ErrorCode);
    }

    [Fact]
    public async Task List_resource_record_sets_pages_through_the_weighted_records_with_their_health_checks()
    {
        var env = _cloud.Production();

        var result = await Aws("list-resource-record-sets", "--hosted-zone-id", env.HostedZoneId, "--page-size", "1");

        Assert.True(result.ExitCode == 0, result.Stderr);
        var records = result.Json.GetProperty("ResourceRecordSets").EnumerateArray().ToList();
        Assert.Equal(4, records.Count);
        var production = records.Where(r => r.GetProperty("Name").GetString() == env.RecordName).ToList();
        Assert.Equal(env.Regions.Select(r => r.SetIdentifier).Order(), production.Select(r => r.GetProperty("SetIdentifier").GetString()).Order());
        foreach (var region in env.Regions)
        {
            var record = production.Single(r => r.GetProperty("SetIdentifier").GetString() == region.SetIdentifier);
            Assert.Equal("CNAME", record.GetProperty("Type").GetString());
            Assert.Equal(128, record.GetProperty("Weight").GetInt64());
            Assert.Equal(60, record.GetProperty("TTL").GetInt64());
            Assert.Equal(region.HealthCheckId, record.GetProperty("HealthCheckId").GetString());
            Assert.Equal(_cloud.ServiceOf(region).ServiceUrl, record.GetProperty("ResourceRecords")[0].GetProperty("Value").GetString());
        }
    }

    [Fact]
    public async Task Hosted_zones_are_listed_and_fetched_with_prefixed_ids()
    {
        var zoneId = _cloud.Production().HostedZoneId;

        var list = await Aws("list-hosted-zones");
        var get = await Aws("get-hosted-zone", "--id", "/hostedzone/" + zoneId);

        Assert.True(list.ExitCode == 0, list.Stderr);
        var zone = list.Json.GetProperty("HostedZones").EnumerateArray().Single();
        Assert.Equal("/hostedzone/" + zoneId, zone.GetProperty("Id").GetString());
        Assert.Equal("example.com.", zone.GetProperty("Name").GetString());
        Assert.Equal(4, zone.GetProperty("ResourceRecordSetCount").GetInt64());
        Assert.True(get.ExitCode == 0, get.Stderr);
        Assert.Equal("/hostedzone/" + zoneId, get.Json.GetProperty("HostedZone").GetProperty("Id").GetString());
        Assert.Equal(4, get.Json.GetProperty("DelegationSet").GetProperty("NameServers").GetArrayLength());
    }

    [Fact]
    public async Task An_unknown_hosted_zone_is_NoSuchHostedZone()
    {
        var result = await Aws("list-resource-record-sets", "--hosted-zone-id", "ZNOSUCHZONE0000");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal("NoSuchHostedZone", result.ErrorCode);
    }

    [Fact]
    public async Task An_unknown_change_is_NoSuchChange()
    {
        var result = await Aws("get-change", "--id", "/change/CNOSUCHCHANGE00");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal("NoSuchChange", result.ErrorCode);
    }

    [Fact]
    public async Task A_throttling_fault_answers_Throttling()
    {
        _cloud.Faults.SetThrottling(1.0, "route53");

        var result = await Aws("list-health-checks");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal("Throttling", result.ErrorCode);
    }

    [Fact]
    public async Task A_control_plane_outage_fails_the_api_while_checkers_and_the_global_endpoint_go_on()
    {
        var env = _cloud.Production();
        _cloud.Faults.Route53ControlPlaneDown = true;
        var outageStarted = DateTimeOffset.UtcNow;

        var result = await Aws("list-resource-record-sets", "--hosted-zone-id", env.HostedZoneId);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal("ServiceUnavailable", result.ErrorCode);
        Assert.True(await TestCloud.Eventually(() => _cloud.Checkers(env.Regions[0]).All(c => c.CheckedTime > outageStarted), TimeSpan.FromSeconds(30)),
            "checkers keep probing during a control-plane outage");
        var served = await _cloud.SendThroughGlobalEndpoint(env, 20);
        Assert.Equal(20, served.Where(kv => kv.Key.StartsWith("us-", StringComparison.Ordinal)).Sum(kv => kv.Value));
    }

    internal static string ChangeBatch(string recordName, params (string SetIdentifier, long Weight, string Value, string? HealthCheckId)[] records) =>
        JsonSerializer.Serialize(new
        {
            Comment = "rebalance from a test",
            Changes = records.Select(r => new
            {
                Action = "UPSERT",
                ResourceRecordSet = new Dictionary<string, object?>
                {
                    ["Name"] = recordName,
                    ["Type"] = "CNAME",
                    ["SetIdentifier"] = r.SetIdentifier,
                    ["Weight"] = r.Weight,
                    ["TTL"] = 60,
                    ["ResourceRecords"] = new[] { new { Value = r.Value } },
                    ["HealthCheckId"] = r.HealthCheckId,
                }.Where(kv => kv.Value is not null).ToDictionary(),
            }),
        });
}
