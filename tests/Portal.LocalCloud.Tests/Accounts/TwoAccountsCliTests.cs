using Microsoft.Extensions.Logging.Abstractions;
using Portal.LocalCloud.World;
using Cloud = Portal.LocalCloud.Tests.CloudWatch;

namespace Portal.LocalCloud.Tests.Accounts;

/// <summary>
/// LocalCloud with Accounts=2: staging in 222222222222, production in the access key's account. Each account sees only
/// its own resources (another account's is answered as AWS answers a resource that does not exist for the caller),
/// and the second account is reached only through its seeded role, with its external id.
/// </summary>
public sealed class TwoAccountsCliTests : IAsyncLifetime
{
    private const string Second = "222222222222";
    private const string ExternalId = "localcloud-staging";
    private LocalCloudHost _cloud = null!;

    public async Task InitializeAsync() =>
        _cloud = await LocalCloudHost.StartAsync(new LocalCloudOptions { Port = 0, TimeScale = TestCloud.FastScale, TrafficRatePerSecond = 0, Accounts = 2 },
            NullLoggerFactory.Instance);

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    private SeededEnvironment Environment(string name) => _cloud.World.Environments.Single(e => e.Name == name);

    private async Task<CliCredentials> AssumeSecondAsync()
    {
        var result = await AwsCli.RunAsync(_cloud, "us-east-1", "sts", "assume-role",
            "--role-arn", Seeder.OperatorRoleArn(Second), "--role-session-name", "portal-test", "--external-id", ExternalId);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal($"arn:aws:sts::{Second}:assumed-role/portal-operator/portal-test", result.Json.GetProperty("AssumedRoleUser").GetProperty("Arn")
            .GetString());
        var credentials = result.Json.GetProperty("Credentials");
        return new CliCredentials(credentials.GetProperty("AccessKeyId").GetString()!, credentials.GetProperty("SecretAccessKey").GetString()!,
            credentials.GetProperty("SessionToken").GetString());
    }

    [Fact]
    public void Staging_is_seeded_in_the_second_account_behind_a_role_with_an_external_id()
    {
        var staging = Environment("staging");
        var production = Environment("production");

        Assert.Equal(Second, staging.AccountId);
        Assert.Equal(Seeder.OperatorRoleArn(Second), staging.RoleArn);
        Assert.Equal(ExternalId, staging.ExternalId);
        Assert.All(staging.Regions, r => Assert.Contains($":{Second}:service/", r.ServiceArn));
        Assert.Equal("000000000000", production.AccountId);
        Assert.Null(production.RoleArn);
        Assert.NotEqual(production.HostedZoneId, staging.HostedZoneId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-the-external-id")]
    public async Task The_second_accounts_role_is_access_denied_without_its_external_id(string? externalId)
    {
        string[] args = ["sts", "assume-role", "--role-arn", Seeder.OperatorRoleArn(Second), "--role-session-name", "portal-test"];
        if (externalId is not null) args = [.. args, "--external-id", externalId];

        var result = await AwsCli.RunAsync(_cloud, "us-east-1", args);

        Assert.Equal("AccessDenied", result.ErrorCode);
        Assert.Contains($"is not authorized to perform: sts:AssumeRole on resource: {Seeder.OperatorRoleArn(Second)}", result.Stderr);
    }

    [Fact]
    public async Task The_first_accounts_credentials_do_not_see_the_second_accounts_resources()
    {
        var staging = Environment("staging");
        var region = staging.Regions[0];

        Assert.Equal("ResourceNotFoundException", (await AwsCli.RunAsync(_cloud, region.Region, "apprunner", "describe-service", "--service-arn",
            region.ServiceArn)).ErrorCode);
        Assert.Equal("NoSuchHealthCheck", (await AwsCli.RunAsync(_cloud, "us-east-1", "route53", "get-health-check-status", "--health-check-id",
            region.HealthCheckId)).ErrorCode);
        Assert.Equal("NoSuchHostedZone", (await AwsCli.RunAsync(_cloud, "us-east-1", "route53", "list-resource-record-sets", "--hosted-zone-id",
            staging.HostedZoneId)).ErrorCode);
        Assert.Equal("ResourceNotFoundException", (await AwsCli.RunAsync(_cloud, region.Region, "dynamodb", "describe-table", "--table-name",
            staging.TableName)).ErrorCode);
        Assert.Equal("RepositoryNotFoundException", (await AwsCli.RunAsync(_cloud, region.Region, "ecr", "describe-images", "--repository-name",
            region.EcrRepository)).ErrorCode);
        Assert.Equal("AccessDeniedException", (await AwsCli.RunAsync(_cloud, region.Region, "ecr", "describe-images", "--registry-id", Second,
            "--repository-name", region.EcrRepository)).ErrorCode);
        var listed = await AwsCli.RunAsync(_cloud, region.Region, "apprunner", "list-services");
        Assert.DoesNotContain(region.ServiceArn, listed.Stdout);
    }

    [Fact]
    public async Task The_assumed_role_sees_the_second_account_and_not_the_first()
    {
        var credentials = await AssumeSecondAsync();
        var staging = Environment("staging");
        var region = staging.Regions[0];

        var described = await AwsCli.RunAsync(_cloud.Endpoint, region.Region, credentials, "apprunner", "describe-service", "--service-arn", region.ServiceArn);
        Assert.True(described.ExitCode == 0, described.Stderr);
        var status = await AwsCli.RunAsync(_cloud.Endpoint, "us-east-1", credentials, "route53", "get-health-check-status", "--health-check-id",
            region.HealthCheckId);
        Assert.True(status.ExitCode == 0, status.Stderr);
        var table = await AwsCli.RunAsync(_cloud.Endpoint, region.Region, credentials, "dynamodb", "describe-table", "--table-name", staging.TableName);
        Assert.True(table.ExitCode == 0, table.Stderr);
        Assert.Equal($"arn:aws:dynamodb:{region.Region}:{Second}:table/{staging.TableName}", table.Json.GetProperty("Table").GetProperty("TableArn")
            .GetString());
        var images = await AwsCli.RunAsync(_cloud.Endpoint, region.Region, credentials, "ecr", "describe-images", "--repository-name", region.EcrRepository);
        Assert.True(images.ExitCode == 0, images.Stderr);

        var production = Environment("production").Regions[0];
        Assert.Equal("ResourceNotFoundException", (await AwsCli.RunAsync(_cloud.Endpoint, production.Region, credentials, "apprunner", "describe-service",
            "--service-arn", production.ServiceArn)).ErrorCode);
        Assert.Equal("NoSuchHealthCheck", (await AwsCli.RunAsync(_cloud.Endpoint, "us-east-1", credentials, "route53", "get-health-check-status",
            "--health-check-id", production.HealthCheckId)).ErrorCode);
    }

    [Fact]
    public async Task Each_account_lists_and_reads_only_its_own_services_metrics()
    {
        var credentials = await AssumeSecondAsync();
        var staging = Environment("staging").Regions[0];
        var production = Environment("production").Regions.Single(r => r.Region == staging.Region);
        string IdOf(string arn) => arn[(arn.LastIndexOf('/') + 1)..];
        var stagingId = IdOf(staging.ServiceArn);
        var productionId = IdOf(production.ServiceArn);

        // The health checkers' probes are requests: both services have AWS/AppRunner metrics within seconds.
        AwsCliResult? own = null, second = null;
        Assert.True(await TestCloud.Eventually(async () =>
        {
            own = await AwsCli.RunAsync(_cloud, staging.Region, "cloudwatch", "list-metrics", "--namespace", "AWS/AppRunner");
            second = await AwsCli.RunAsync(_cloud.Endpoint, staging.Region, credentials, "cloudwatch", "list-metrics", "--namespace", "AWS/AppRunner");
            return own.Stdout.Contains(productionId, StringComparison.Ordinal) && second.Stdout.Contains(stagingId, StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(30)), $"{own?.Stdout} {own?.Stderr} / {second?.Stdout} {second?.Stderr}");

        Assert.DoesNotContain(stagingId, own!.Stdout);
        Assert.DoesNotContain(productionId, second!.Stdout);
        // GetMetricData on the other account's service: no datapoints, as for a metric that does not exist; its own account reads them.
        var service = _cloud.World.Services.Single(x => x.Arn == staging.ServiceArn);
        var query = new[] { Cloud.CloudWatchCli.ServiceQuery("r", service, "Requests", "Sum") };
        var fromOwn = await Cloud.CloudWatchCli.GetMetricData(_cloud, staging.Region, query);
        Assert.True(fromOwn.ExitCode == 0, fromOwn.Stderr);
        Assert.Empty(Cloud.CloudWatchCli.ValuesOf(fromOwn, "r"));
        var fromSecond = await AwsCli.RunAsync(_cloud.Endpoint, staging.Region, credentials, "cloudwatch", "get-metric-data",
            "--metric-data-queries", System.Text.Json.JsonSerializer.Serialize(query),
            "--start-time", Cloud.CloudWatchCli.Time(_cloud.Clock.Now.AddHours(-1)), "--end-time", Cloud.CloudWatchCli.Time(_cloud.Clock.Now.AddMinutes(2)));
        Assert.True(fromSecond.ExitCode == 0, fromSecond.Stderr);
        Assert.NotEmpty(Cloud.CloudWatchCli.ValuesOf(fromSecond, "r"));
    }
}
