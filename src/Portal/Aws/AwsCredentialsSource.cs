using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace Portal.Aws;

/// <summary>The credentials every AWS call is signed with.</summary>
public interface IAwsCredentialsSource
{
    AWSCredentials Credentials { get; }
}

/// <summary>
/// The SDK's default chain (environment, profile/SSO, container or instance role). Resolved on first use,
/// not at start-up, so the portal can start (and show what is wrong) before credentials are reachable;
/// a failed resolution is retried on the next call.
/// </summary>
public sealed class DefaultChainCredentialsSource : IAwsCredentialsSource
{
    private readonly Lazy<AWSCredentials> _credentials = new(
        () => new DefaultAWSCredentialsIdentityResolver().ResolveIdentity(null),
        LazyThreadSafetyMode.PublicationOnly);

    public AWSCredentials Credentials => _credentials.Value;
}

/// <summary>Fixed keys: LocalCloud's test/test in local mode, or deliberately wrong ones in tests.</summary>
public sealed class StaticCredentialsSource(string accessKeyId, string secretAccessKey) : IAwsCredentialsSource
{
    public AWSCredentials Credentials { get; } = new BasicAWSCredentials(accessKeyId, secretAccessKey);
}
