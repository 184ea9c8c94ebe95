using System.Net;
using Portal.Aws;
using Portal.Aws.Sts;
using Portal.Core.Topology;

namespace Portal.Tests.Aws;

/// <summary>A role's credentials: assumed once for concurrent callers, renewed before they expire, failures in the portal's words.</summary>
public sealed class AssumedRoleCredentialsTests
{
    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static readonly AccountAccess Access = new("arn:aws:iam::222222222222:role/portal-operator", "ext-1");
    private readonly Clock _clock = new(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));
    private readonly List<(string Region, string Role, string Session, string? ExternalId)> _calls = [];

    private Task<AssumedRole> Assume(string region, string roleArn, string sessionName, string? externalId, TimeSpan duration, CancellationToken ct)
    {
        lock (_calls) _calls.Add((region, roleArn, sessionName, externalId));
        var n = _calls.Count;
        return Task.FromResult(new AssumedRole($"ASIA{n}", $"secret-{n}", $"token-{n}", _clock.Now + duration));
    }

    [Fact]
    public async Task Concurrent_callers_share_one_assume_role_with_the_external_id_and_session_name()
    {
        var credentials = new AssumedRoleCredentials(Access, "portal-web-1", "us-east-1", Assume, _clock);

        var all = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => credentials.GetCredentialsAsync())));

        Assert.All(all, c => Assert.Equal("ASIA1", c.AccessKey));
        Assert.Equal(("us-east-1", Access.RoleArn!, "portal-web-1", "ext-1"), Assert.Single(_calls));
        Assert.Equal("token-1", all[0].Token);
    }

    [Fact]
    public async Task Credentials_are_renewed_five_minutes_before_they_expire_not_after()
    {
        var credentials = new AssumedRoleCredentials(Access, "portal-web-1", "us-east-1", Assume, _clock);
        await credentials.GetCredentialsAsync();

        _clock.Now += AssumedRoleCredentials.Duration - AssumedRoleCredentials.RefreshBefore - TimeSpan.FromSeconds(1);
        Assert.Equal("ASIA1", (await credentials.GetCredentialsAsync()).AccessKey);

        _clock.Now += TimeSpan.FromSeconds(2);
        Assert.Equal("ASIA2", (await credentials.GetCredentialsAsync()).AccessKey);
        Assert.Equal(2, _calls.Count);
        Assert.Equal(_clock.Now + AssumedRoleCredentials.Duration, credentials.ExpiresAt);
    }

    [Fact]
    public async Task A_refused_assume_role_names_the_role_and_what_to_check_without_the_external_id()
    {
        var credentials = new AssumedRoleCredentials(Access, "portal-web-1", "us-east-1",
            (_, _, _, _, _, _) => throw new AwsServiceException("AccessDenied", "User is not authorized to perform: sts:AssumeRole", HttpStatusCode.Forbidden,
                "STS", "AssumeRole", "us-east-1"),
            _clock);

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => credentials.GetCredentialsAsync());

        Assert.Equal("AccessDenied", e.Code);
        Assert.Contains("could not assume arn:aws:iam::222222222222:role/portal-operator with the configured ExternalId", e.Message);
        Assert.Contains("trust policy", e.Message);
        Assert.DoesNotContain("ext-1", e.Message);
    }

    [Theory]
    [InlineData("web-1", "portal-web-1")]
    [InlineData("host name/with spaces", "portal-host-name-with-spaces")]
    public void The_session_name_names_the_portal_instance_in_stss_alphabet(string instance, string expected)
    {
        Assert.Equal(expected, AwsAccountRouter.SessionNameFor(instance));
        Assert.Equal(64, AwsAccountRouter.SessionNameFor(new string('a', 100)).Length);
    }
}
