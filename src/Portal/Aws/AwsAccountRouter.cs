using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using Portal.Core.Topology;

namespace Portal.Aws;

/// <summary>
/// The credentials for one call: the credential follows the resource (<see cref="AccountRoutes"/>). A resource of an
/// environment that names a RoleArn is signed with that role's assumed credentials; everything else with the portal's
/// own. Generic over services, so any adapter (App Runner, ECS, Route 53, CloudWatch, ECR, DynamoDB) gets the right
/// account by naming the resource its call is about.
/// </summary>
public sealed partial class AwsAccountRouter(Func<PortalTopology> topology, IAwsCredentialsSource own, AssumeRole assume, Func<string> instanceName,
    TimeProvider time)
{
    private readonly ConcurrentDictionary<AccountAccess, AssumedRoleCredentials> _roles = new();
    private readonly Lazy<string> _sessionName = new(() => SessionNameFor(instanceName()));

    /// <summary>RoleSessionName: the portal instance, so CloudTrail in the environment's account says which portal acted.</summary>
    public string SessionName => _sessionName.Value;

    /// <summary>The credentials that sign a call to <paramref name="service"/> about <paramref name="resource"/> (null: the portal's own).</summary>
    /// <exception cref="AwsAccountException">Environments with different accounts share the resource's name.</exception>
    public AWSCredentials CredentialsFor(AwsService service, string region, string operation, string? resource)
    {
        // STS is how the portal reaches other accounts: it is always called with the portal's own credentials.
        if (service == AwsService.Sts) return own.Credentials;
        AccountAccess access;
        try
        {
            access = AccountRoutes.AccessFor(topology(), region, resource);
        }
        catch (AmbiguousResourceException e)
        {
            throw new AwsAccountException(service.DisplayName, operation, region, e.Message, e);
        }
        if (!access.AssumesRole) return own.Credentials;
        return _roles.GetOrAdd(access, a => new AssumedRoleCredentials(a, SessionName, region, assume, time));
    }

    /// <summary>Resolves (and if due, renews) the credentials before a call, so an AssumeRole failure is the call's error.</summary>
    public static async Task ResolveAsync(AWSCredentials credentials, CancellationToken ct)
    {
        if (credentials is AssumedRoleCredentials assumed) await assumed.GetCredentialsAsync(ct);
    }

    [GeneratedRegex(@"[^\w+=,.@-]")]
    private static partial Regex NotInSessionName();

    /// <summary>"portal-{instance}" in STS's RoleSessionName alphabet, 2-64 characters.</summary>
    public static string SessionNameFor(string instanceName)
    {
        var name = "portal-" + NotInSessionName().Replace(instanceName, "-");
        return name.Length <= 64 ? name : name[..64];
    }
}
