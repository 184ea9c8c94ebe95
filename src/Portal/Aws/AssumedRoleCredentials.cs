using Amazon.Runtime;
using Portal.Aws.Sts;
using Portal.Core.Topology;

namespace Portal.Aws;

/// <summary>Asks STS for a role's temporary credentials: (region, role ARN, session name, external id, duration).</summary>
public delegate Task<AssumedRole> AssumeRole(string region, string roleArn, string sessionName, string? externalId, TimeSpan duration, CancellationToken ct);

/// <summary>
/// One role's temporary credentials, assumed on first use and again a few minutes before they expire, so no call is
/// signed with credentials that run out in flight. One instance per role and external id: every environment behind
/// the same role shares one session. Concurrent callers wait for one AssumeRole instead of each sending their own.
/// </summary>
public sealed class AssumedRoleCredentials(AccountAccess access, string sessionName, string region, AssumeRole assume, TimeProvider time) : AWSCredentials
{
    /// <summary>STS's minimum session; the portal asks for an hour, which every role allows by default.</summary>
    public static readonly TimeSpan Duration = TimeSpan.FromHours(1);

    /// <summary>Renewed this long before expiry: longer than a call's total timeout, so in-flight calls stay valid.</summary>
    public static readonly TimeSpan RefreshBefore = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Issued? _current;

    private sealed record Issued(ImmutableCredentials Credentials, DateTimeOffset Expiration);

    public AccountAccess Access { get; } = access;

    /// <summary>When the credentials in use expire (null before the first AssumeRole).</summary>
    public DateTimeOffset? ExpiresAt => _current?.Expiration;

    public override ImmutableCredentials GetCredentials() => GetCredentialsAsync().GetAwaiter().GetResult();

    public override Task<ImmutableCredentials> GetCredentialsAsync() => GetCredentialsAsync(CancellationToken.None);

    public async Task<ImmutableCredentials> GetCredentialsAsync(CancellationToken ct)
    {
        if (Fresh() is { } fresh) return fresh;
        await _gate.WaitAsync(ct);
        try
        {
            if (Fresh() is { } again) return again;
            AssumedRole role;
            try
            {
                role = await assume(region, Access.RoleArn!, sessionName, Access.ExternalId, Duration, ct);
            }
            catch (AwsServiceException e)
            {
                throw new AwsServiceException(e.Code,
                    $"{e.ErrorMessage} (the portal could not assume {Access.RoleArn}" +
                    $"{(Access.ExternalId is null ? " without an external id" : " with the configured ExternalId")}: " +
                    "check the role's trust policy and the environment's RoleArn and ExternalId, see docs/accounts.md)",
                    e.StatusCode, e.Service, e.Operation, e.Region, e.RequestId);
            }
            var issued = new Issued(new ImmutableCredentials(role.AccessKeyId, role.SecretAccessKey, role.SessionToken), role.Expiration);
            _current = issued;
            return issued.Credentials;
        }
        finally
        {
            _gate.Release();
        }
    }

    private ImmutableCredentials? Fresh() =>
        _current is { } current && time.GetUtcNow() < current.Expiration - RefreshBefore ? current.Credentials : null;
}
