using Microsoft.Extensions.DependencyInjection;
using Portal.LocalCloud.Protocol;
using Portal.LocalCloud.World;

namespace Portal.LocalCloud.Tests.Sts;

/// <summary>STS AssumeRole (Query protocol) as the AWS CLI calls it, and the temporary credentials it issues, used and expired.</summary>
public sealed class AssumeRoleCliTests : IAsyncLifetime
{
    private LocalCloudHost _cloud = null!;

    public async Task InitializeAsync() => _cloud = await TestCloud.StartAsync();

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    private async Task<CliCredentials> AssumeAsync()
    {
        var result = await AwsCli.RunAsync(_cloud, "us-east-1", "sts", "assume-role",
            "--role-arn", Seeder.OperatorRoleArn("000000000000"), "--role-session-name", "portal-test", "--duration-seconds", "900");
        Assert.True(result.ExitCode == 0, result.Stderr);
        var credentials = result.Json.GetProperty("Credentials");
        Assert.Equal("arn:aws:sts::000000000000:assumed-role/portal-operator/portal-test", result.Json.GetProperty("AssumedRoleUser").GetProperty("Arn")
            .GetString());
        return new CliCredentials(credentials.GetProperty("AccessKeyId").GetString()!, credentials.GetProperty("SecretAccessKey").GetString()!,
            credentials.GetProperty("SessionToken").GetString());
    }

    [Fact]
    public async Task Assumed_role_credentials_sign_calls_with_their_session_token()
    {
        var credentials = await AssumeAsync();

        Assert.StartsWith("ASIA", credentials.AccessKeyId);
        var list = await AwsCli.RunAsync(_cloud.Endpoint, "us-east-2", credentials, "apprunner", "list-services");
        Assert.True(list.ExitCode == 0, list.Stderr);
        var zones = await AwsCli.RunAsync(_cloud.Endpoint, "us-east-1", credentials, "route53", "list-hosted-zones");
        Assert.True(zones.ExitCode == 0, zones.Stderr);
    }

    [Fact]
    public async Task Temporary_credentials_without_their_session_token_are_an_invalid_token()
    {
        var credentials = await AssumeAsync();

        var json = await AwsCli.RunAsync(_cloud.Endpoint, "us-east-2", credentials with { SessionToken = null }, "apprunner", "list-services");
        Assert.Equal("UnrecognizedClientException", json.ErrorCode);
        var wrong = await AwsCli.RunAsync(_cloud.Endpoint, "us-east-1", credentials with { SessionToken = "not-the-token" }, "route53", "list-hosted-zones");
        Assert.Equal("InvalidClientTokenId", wrong.ErrorCode);
    }

    [Fact]
    public async Task Expired_temporary_credentials_get_the_expired_token_error_of_each_protocol()
    {
        var credentials = await AssumeAsync();
        Assert.True(_cloud.Services.GetRequiredService<SessionCredentials>().Expire(credentials.AccessKeyId));

        var json = await AwsCli.RunAsync(_cloud.Endpoint, "us-east-2", credentials, "apprunner", "list-services");
        Assert.Equal("ExpiredTokenException", json.ErrorCode);
        var xml = await AwsCli.RunAsync(_cloud.Endpoint, "us-east-1", credentials, "route53", "list-hosted-zones");
        Assert.Equal("ExpiredToken", xml.ErrorCode);
        Assert.Contains("The security token included in the request is expired", xml.Stderr);
    }

    [Fact]
    public async Task A_role_that_was_not_seeded_is_access_denied_and_a_short_duration_a_validation_error()
    {
        var unknown = await AwsCli.RunAsync(_cloud, "us-east-1", "sts", "assume-role",
            "--role-arn", "arn:aws:iam::111122223333:role/someone-elses", "--role-session-name", "portal-test");
        Assert.Equal("AccessDenied", unknown.ErrorCode);

        var tooLong = await AwsCli.RunAsync(_cloud, "us-east-1", "sts", "assume-role",
            "--role-arn", Seeder.OperatorRoleArn("000000000000"), "--role-session-name", "portal-test", "--duration-seconds", "7200");
        Assert.Equal("ValidationError", tooLong.ErrorCode);
        Assert.Contains("MaxSessionDuration", tooLong.Stderr);
    }
}
