using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Portal.Aws;
using Portal.Aws.Route53;
using Portal.Core.Health;
using Portal.Core.Traffic;
using SeededEnvironment = Portal.LocalCloud.World.SeededEnvironment;

namespace Portal.Tests.Aws;

/// <summary>Route 53 reads against LocalCloud: health check observations and weighted records.</summary>
public class Route53ReadsAgainstLocalCloudTests(LocalCloudFixture fixture) : IClassFixture<LocalCloudFixture>
{
    private SeededEnvironment Production => fixture.Cloud.World.Environments.Single(e => e.Name == "production");

    [Fact]
    public async Task Health_check_status_lists_every_checkers_observation_and_reads_healthy()
    {
        using var adapters = AdapterHarness.Build(fixture.Cloud);
        var checkId = Production.Regions[0].HealthCheckId;

        var status = await adapters.GetRequiredService<IHealthChecks>().GetStatusAsync(checkId);

        Assert.Equal(checkId, status.HealthCheckId);
        Assert.Equal(16, status.Total);
        Assert.True(status.IsHealthy);
        Assert.All(status.Observations, o =>
        {
            Assert.False(string.IsNullOrEmpty(o.Region));
            Assert.False(string.IsNullOrEmpty(o.IpAddress));
            Assert.StartsWith("Success", o.Status);
            Assert.NotNull(o.CheckedTime);
        });
    }

    [Fact]
    public async Task Weighted_records_of_production_are_one_per_region_at_128_with_their_health_checks()
    {
        using var adapters = AdapterHarness.Build(fixture.Cloud);

        var records = await adapters.GetRequiredService<ITrafficRouter>().GetWeightedRecordsAsync(Production.HostedZoneId, Production.RecordName);

        Assert.Equal(Production.Regions.Select(r => r.SetIdentifier).Order(), records.Select(r => r.SetIdentifier).Order());
        Assert.All(records, r =>
        {
            Assert.Equal(128, r.Weight);
            Assert.Equal("CNAME", r.Type);
            Assert.Equal(60, r.Ttl);
            Assert.NotEmpty(r.Values);
        });
        Assert.Equal(Production.Regions.Select(r => r.HealthCheckId).Order(), records.Select(r => r.HealthCheckId!).Order());
    }

    [Fact]
    public async Task Weighted_records_are_all_found_through_one_record_pages_with_a_prefixed_zone_id_and_any_name_case()
    {
        using var adapters = AdapterHarness.Build(fixture.Cloud);
        var client = adapters.GetRequiredService<Route53Client>();

        var page = await client.ListResourceRecordSetsAsync("/hostedzone/" + Production.HostedZoneId, Production.RecordName, maxItems: 1);
        var all = await client.GetWeightedRecordsAsync("/hostedzone/" + Production.HostedZoneId, Production.RecordName.ToUpperInvariant().TrimEnd('.'),
            pageSize: 1);

        Assert.True(page.IsTruncated);
        Assert.Single(page.Records);
        Assert.Equal(2, all.Count);
    }

    [Fact]
    public async Task An_unknown_health_check_is_a_typed_not_found_error_from_route_53()
    {
        using var adapters = AdapterHarness.Build(fixture.Cloud);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => adapters.GetRequiredService<IHealthChecks>()
            .GetStatusAsync("00000000-0000-0000-0000-000000000000"));

        Assert.Equal("NoSuchHealthCheck", error.Code);
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("Route 53", error.Service);
        Assert.Equal("GetHealthCheckStatus", error.Operation);
        Assert.False(Route53Client.IsControlPlaneFailure(error));
    }

    [Fact]
    public async Task A_route_53_control_plane_outage_is_recognisable_as_such_while_health_checks_go_on()
    {
        var logs = new CapturedLogs();
        using var adapters = AdapterHarness.Build(fixture.Cloud, maxRetries: 2, logs: logs);
        var router = adapters.GetRequiredService<ITrafficRouter>();
        fixture.Cloud.Faults.Route53ControlPlaneDown = true;
        try
        {
            var error = await Assert.ThrowsAsync<AwsServiceException>(() => router.GetWeightedRecordsAsync(Production.HostedZoneId, Production.RecordName));

            Assert.True(Route53Client.IsControlPlaneFailure(error));
            Assert.Equal("Route 53", error.Service);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
            Assert.Equal("ServiceUnavailable", error.Code);
            Assert.Contains(logs.Lines, l => l.Contains("route53") && l.Contains("attempt 3"));
            // Only the API is down: the checkers keep probing the regional endpoints.
            lock (fixture.Cloud.World.Gate)
                Assert.All(fixture.Cloud.World.HealthChecks, h => Assert.True(h.IsHealthy));
        }
        finally
        {
            fixture.Cloud.Faults.Route53ControlPlaneDown = false;
        }
    }

    [Fact]
    public void Failures_of_other_services_are_not_route_53_control_plane_failures()
    {
        Assert.False(Route53Client.IsControlPlaneFailure(new AwsServiceException("ServiceUnavailable", "down", HttpStatusCode.ServiceUnavailable, "CloudWatch",
            "GetMetricData", "us-east-1")));
        Assert.True(Route53Client.IsControlPlaneFailure(new AwsUnreachableException("Route 53", "GetChange", "us-east-1", "connection refused")));
        Assert.False(Route53Client.IsControlPlaneFailure(new AwsServiceException("Throttling", "Rate exceeded", HttpStatusCode.BadRequest, "Route 53",
            "GetChange", "us-east-1")));
    }
}

/// <summary>A weight change goes PENDING then INSYNC and the records read back with the new weights (own LocalCloud: it changes the zone).</summary>
public class Route53WeightChangeTests(LocalCloudFixture fixture) : IClassFixture<LocalCloudFixture>
{
    [Fact]
    public async Task Setting_weights_255_and_0_is_pending_then_in_sync_and_reads_back()
    {
        using var adapters = AdapterHarness.Build(fixture.Cloud);
        var router = adapters.GetRequiredService<ITrafficRouter>();
        var production = fixture.Cloud.World.Environments.Single(e => e.Name == "production");
        var before = await router.GetWeightedRecordsAsync(production.HostedZoneId, production.RecordName);
        var drainTo = production.Regions[0].SetIdentifier;

        var change = await router.SetWeightsAsync(production.HostedZoneId, production.RecordName,
            [.. before.Select(r => r with { Weight = r.SetIdentifier == drainTo ? 255 : 0 })], "portal test: all traffic to " + drainTo);

        Assert.Equal(RecordChangeStatus.Pending, change.Status);
        Assert.DoesNotContain("/", change.Id);
        Assert.NotNull(change.SubmittedAt);
        var final = await WaitForInSyncAsync(router, "/change/" + change.Id);
        Assert.Equal(change.Id, final.Id);

        var after = await router.GetWeightedRecordsAsync(production.HostedZoneId, production.RecordName);
        Assert.Equal(255, after.Single(r => r.SetIdentifier == drainTo).Weight);
        Assert.Equal(0, after.Single(r => r.SetIdentifier != drainTo).Weight);
        // Everything but the weight is kept.
        Assert.Equal(before.Select(r => (r.SetIdentifier, r.HealthCheckId, r.Type, r.Ttl, string.Join(",", r.Values))).Order(),
            after.Select(r => (r.SetIdentifier, r.HealthCheckId, r.Type, r.Ttl, string.Join(",", r.Values))).Order());
        lock (fixture.Cloud.World.Gate)
            Assert.Equal("portal test: all traffic to " + drainTo, fixture.Cloud.World.HostedZones.Single().Changes[change.Id].Comment);
    }

    internal static async Task<RecordChange> WaitForInSyncAsync(ITrafficRouter router, string changeId)
    {
        // A bound for a broken emulator, not a timing assertion: LocalCloud propagates in a fraction of a second here.
        var (change, inSync) = await Eventually.ValueAsync(() => router.GetChangeAsync(changeId), c => c.Status == RecordChangeStatus.InSync,
            TimeSpan.FromSeconds(20));
        Assert.True(inSync, $"change {changeId} is still {change.Status}");
        return change;
    }
}

/// <summary>Route 53 refuses a second change to a zone while the first is pending (own LocalCloud: it changes the zone).</summary>
public class Route53PriorRequestTests(LocalCloudFixture fixture) : IClassFixture<LocalCloudFixture>
{
    [Fact]
    public async Task A_second_change_while_the_first_is_pending_is_retried_then_surfaces_as_prior_request_not_complete()
    {
        var logs = new CapturedLogs();
        // Retries are a few milliseconds here while a change stays pending for about 300 ms of LocalCloud time.
        using var adapters = AdapterHarness.Build(fixture.Cloud, maxRetries: 2, logs: logs);
        var router = adapters.GetRequiredService<ITrafficRouter>();
        var staging = fixture.Cloud.World.Environments.Single(e => e.Name == "staging");
        var records = await router.GetWeightedRecordsAsync(staging.HostedZoneId, staging.RecordName);

        var first = await router.SetWeightsAsync(staging.HostedZoneId, staging.RecordName, [.. records.Select(r => r with { Weight = 100 })], "first");
        var error = await Assert.ThrowsAsync<AwsServiceException>(() =>
            router.SetWeightsAsync(staging.HostedZoneId, staging.RecordName, [.. records.Select(r => r with { Weight = 50 })], "second"));

        Assert.Equal("PriorRequestNotComplete", error.Code);
        Assert.True(error.IsThrottling);
        Assert.Contains(logs.Lines, l => l.Contains("ChangeResourceRecordSets") && l.Contains("PriorRequestNotComplete") && l.Contains("attempt 3"));
        await Route53WeightChangeTests.WaitForInSyncAsync(router, first.Id);
        Assert.All(await router.GetWeightedRecordsAsync(staging.HostedZoneId, staging.RecordName), r => Assert.Equal(100, r.Weight));
    }

    [Fact]
    public async Task Weights_outside_0_to_255_are_refused_before_anything_is_sent()
    {
        using var adapters = AdapterHarness.Build(fixture.Cloud);
        var router = adapters.GetRequiredService<ITrafficRouter>();
        var record = new WeightedRecord("us-east-1", 256, null, "CNAME", 60, ["a.example.com"]);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => router.SetWeightsAsync("Z1", "x.example.com.", [record], "too heavy"));
    }
}
