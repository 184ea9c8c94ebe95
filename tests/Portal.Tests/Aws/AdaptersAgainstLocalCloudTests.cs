using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Portal.Aws;
using Portal.Aws.AppRunner;
using Portal.Core.Images;
using Portal.Core.Services;
using Portal.Core.Tables;
using SeededRegion = Portal.LocalCloud.World.SeededRegion;
using Seeder = Portal.LocalCloud.World.Seeder;

namespace Portal.Tests.Aws;

public class AdaptersAgainstLocalCloudTests(LocalCloudFixture fixture) : IClassFixture<LocalCloudFixture>
{
    private SeededRegion Seeded(string environment, string region) =>
        fixture.Cloud.World.Environments.Single(e => e.Name == environment).Regions.Single(r => r.Region == region);

    [Fact]
    public async Task Describe_service_reads_status_image_and_url_of_the_regional_service()
    {
        using var adapters = AdapterHarness.Build(fixture.Cloud);
        var seeded = Seeded("production", "us-east-2");

        var service = await adapters.GetRequiredService<IServiceRuntime>().DescribeAsync("us-east-2", seeded.ServiceArn);

        Assert.Equal(seeded.ServiceArn, service.Arn);
        Assert.Equal("webapp-production", service.Name);
        Assert.Equal(ServiceStatus.Running, service.Status);
        Assert.Equal("000000000000.dkr.ecr.us-east-2.amazonaws.com/webapp:v1", service.ImageIdentifier);
        Assert.Equal("v1", service.ImageTag);
        lock (fixture.Cloud.World.Gate) Assert.Equal(fixture.Cloud.World.Services.Single(s => s.Arn == seeded.ServiceArn).ServiceUrl, service.Url);
    }

    [Fact]
    public async Task List_operations_returns_the_services_operations_newest_first()
    {
        using var adapters = AdapterHarness.Build(fixture.Cloud);
        var seeded = Seeded("staging", "us-east-1");

        var operations = await adapters.GetRequiredService<IServiceRuntime>().ListOperationsAsync("us-east-1", seeded.ServiceArn);

        Assert.Equal([OperationType.UpdateService, OperationType.CreateService], operations.Select(o => o.Type));
        Assert.All(operations, o => Assert.Equal(OperationStatus.Succeeded, o.Status));
        Assert.True(operations[0].StartedAt > operations[1].StartedAt);
    }

    [Fact]
    public async Task Capacity_is_read_from_the_auto_scaling_configuration_the_service_names()
    {
        using var adapters = AdapterHarness.Build(fixture.Cloud);
        var seeded = Seeded("production", "us-east-1");
        int maxSize, maxConcurrency;
        lock (fixture.Cloud.World.Gate)
        {
            var service = fixture.Cloud.World.Services.Single(s => s.Arn == seeded.ServiceArn);
            (maxSize, maxConcurrency) = (service.MaxSize, service.MaxConcurrency);
        }

        var capacity = await adapters.GetRequiredService<IServiceCapacity>().GetCapacityAsync("us-east-1", seeded.ServiceArn);

        Assert.Equal(new ServiceCapacity(maxSize, maxConcurrency), capacity);
    }

    [Fact]
    public async Task A_service_arn_unknown_in_the_region_is_a_typed_not_found_error()
    {
        using var adapters = AdapterHarness.Build(fixture.Cloud);
        var east1Arn = Seeded("production", "us-east-1").ServiceArn;

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => adapters.GetRequiredService<IServiceRuntime>().DescribeAsync("us-east-2", east1Arn));

        Assert.Equal("ResourceNotFoundException", error.Code);
        Assert.Equal("App Runner", error.Service);
        Assert.Equal("DescribeService", error.Operation);
        Assert.Equal("us-east-2", error.Region);
    }

    [Fact]
    public async Task Ecr_finds_a_replicated_tag_and_says_not_found_for_a_missing_one()
    {
        using var adapters = AdapterHarness.Build(fixture.Cloud);
        var registry = adapters.GetRequiredService<IImageRegistry>();

        var v2 = await registry.FindImageAsync("us-east-2", "webapp", "v2");
        var missing = await registry.FindImageAsync("us-east-2", "webapp", "v9");

        Assert.NotNull(v2);
        Assert.Equal("v2", v2.Tag);
        Assert.Equal(Seeder.DigestOf("v2"), v2.Digest);
        Assert.Null(missing);
    }

    [Fact]
    public async Task Ecr_reports_a_missing_repository_as_a_typed_error()
    {
        using var adapters = AdapterHarness.Build(fixture.Cloud);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => adapters.GetRequiredService<IImageRegistry>()
            .FindImageAsync("us-east-1", "nope", "v1"));

        Assert.Equal("RepositoryNotFoundException", error.Code);
    }

    [Fact]
    public async Task DynamoDB_describe_table_lists_the_replica_statuses()
    {
        using var adapters = AdapterHarness.Build(fixture.Cloud);

        var table = await adapters.GetRequiredService<IGlobalTable>().DescribeAsync("us-east-1", "webapp-production");

        Assert.Equal("webapp-production", table.TableName);
        Assert.Equal(["us-east-1", "us-east-2"], table.Replicas.Select(r => r.Region).Order());
        Assert.All(table.Replicas, r => Assert.Equal(ReplicaStatus.Active, r.Status));
    }

    [Fact]
    public async Task DynamoDB_reports_a_missing_table_as_a_typed_error()
    {
        using var adapters = AdapterHarness.Build(fixture.Cloud);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => adapters.GetRequiredService<IGlobalTable>()
            .DescribeAsync("us-east-2", "no-such-table"));

        Assert.Equal("ResourceNotFoundException", error.Code);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
    }

    [Fact]
    public async Task A_wrong_secret_gives_a_typed_signature_error_and_never_logs_the_secret()
    {
        var logs = new CapturedLogs();
        using var adapters = AdapterHarness.Build(fixture.Cloud, secret: "not-the-secret", maxRetries: 0, logs: logs);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() =>
            adapters.GetRequiredService<IServiceRuntime>().DescribeAsync("us-east-1", Seeded("production", "us-east-1").ServiceArn));

        Assert.Equal("InvalidSignatureException", error.Code);
        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Contains(logs.Lines, l => l.Contains("DescribeService") && l.Contains("403"));
        Assert.DoesNotContain(logs.Lines, l => l.Contains("not-the-secret") || l.Contains("Signature="));
    }

    [Fact]
    public async Task A_wrong_secret_is_a_typed_error_from_dynamodb_too()
    {
        using var adapters = AdapterHarness.Build(fixture.Cloud, secret: "not-the-secret", maxRetries: 0);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => adapters.GetRequiredService<IGlobalTable>()
            .DescribeAsync("us-east-1", "webapp-production"));

        Assert.Equal("InvalidSignatureException", error.Code);
    }
}

public class RetryTests(LocalCloudFixture fixture) : IClassFixture<LocalCloudFixture>
{
    [Fact]
    public async Task Calls_succeed_through_throttling_by_retrying_with_backoff()
    {
        var logs = new CapturedLogs();
        using var adapters = AdapterHarness.Build(fixture.Cloud, maxRetries: 16, logs: logs);
        var runtime = adapters.GetRequiredService<IServiceRuntime>();
        var arn = fixture.Cloud.World.Environments[0].Regions[0].ServiceArn;
        fixture.Cloud.Faults.SetThrottling(0.5, "apprunner");
        try
        {
            for (var i = 0; i < 20; i++)
                Assert.Equal(ServiceStatus.Running, (await runtime.DescribeAsync("us-east-1", arn)).Status);
        }
        finally
        {
            fixture.Cloud.Faults.SetThrottling(0, null);
        }

        Assert.Contains(logs.Lines, l => l.Contains("ThrottlingException") && l.Contains("attempt 1"));
        // A call answered 200 on a retry. Not "attempt 2" exactly: at 50% throttling every call that was throttled
        // once is throttled again with probability 1/2, so requiring the second attempt failed about 0.3% of runs.
        Assert.Contains(logs.Lines, l => l.Contains(": 200 ") && !l.Contains("(attempt 1)"));
    }

    [Fact]
    public async Task Throttling_that_outlasts_the_retries_is_a_typed_throttling_error()
    {
        using var adapters = AdapterHarness.Build(fixture.Cloud, maxRetries: 1);
        var arn = fixture.Cloud.World.Environments[0].Regions[0].ServiceArn;
        fixture.Cloud.Faults.SetThrottling(1, "ecr");
        try
        {
            var error = await Assert.ThrowsAsync<AwsServiceException>(() => adapters.GetRequiredService<Portal.Core.Images.IImageRegistry>()
                .FindImageAsync("us-east-1", "webapp", "v1"));

            Assert.Equal("ThrottlingException", error.Code);
            Assert.True(error.IsThrottling);
            // App Runner is not throttled by an ECR fault.
            Assert.Equal(ServiceStatus.Running, (await adapters.GetRequiredService<IServiceRuntime>().DescribeAsync("us-east-1", arn)).Status);
        }
        finally
        {
            fixture.Cloud.Faults.SetThrottling(0, null);
        }
    }

    [Fact]
    public async Task A_region_outage_is_retried_then_reported_as_service_unavailable()
    {
        var logs = new CapturedLogs();
        using var adapters = AdapterHarness.Build(fixture.Cloud, maxRetries: 2, logs: logs);
        var arn = fixture.Cloud.World.Environments[0].Regions[1].ServiceArn;
        fixture.Cloud.Faults.SetRegionDown("us-east-2", true);
        try
        {
            var error = await Assert.ThrowsAsync<AwsServiceException>(() => adapters.GetRequiredService<IServiceRuntime>().DescribeAsync("us-east-2", arn));

            Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
            Assert.Contains(logs.Lines, l => l.Contains("attempt 3"));
        }
        finally
        {
            fixture.Cloud.Faults.SetRegionDown("us-east-2", false);
        }
    }
}
