using System.Text;
using static Portal.Aws.XmlWireReader;

namespace Portal.Aws.Sts;

/// <summary>Temporary credentials from STS AssumeRole.</summary>
public sealed record AssumedRole(string AccessKeyId, string SecretAccessKey, string SessionToken, DateTimeOffset Expiration);

/// <summary>
/// STS AssumeRole over the Query protocol (2011-06-15), through the shared <see cref="AwsTransport"/> (signed with the
/// portal's own credentials, retried, bounded, logged without the keys it returns).
/// </summary>
public sealed class StsClient(AwsTransport transport)
{
    public const string ApiVersion = "2011-06-15";
    private const string Operation = "AssumeRole";
    private static readonly AwsService Service = AwsService.Sts;

    public Task<AssumedRole> AssumeRoleAsync(string region, string roleArn, string sessionName, string? externalId, TimeSpan duration, CancellationToken ct)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("Action", Operation),
            new("Version", ApiVersion),
            new("RoleArn", roleArn),
            new("RoleSessionName", sessionName),
            new("DurationSeconds", ((int)duration.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        if (externalId is not null) form.Add(new("ExternalId", externalId));
        var body = string.Join('&', form.Select(kv => $"{Uri.EscapeDataString(kv.Key)}={Uri.EscapeDataString(kv.Value)}"));
        // No resource: AssumeRole is always signed with the portal's own credentials, never with an assumed role's.
        var call = new AwsCall(Service, region, Operation, endpoint => new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint, "/"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"),
        }, (status, answer, _) => AwsXmlErrors.Parse(status, answer));
        return transport.CallAsync(call, Parse, ct);
    }

    /// <summary>The model requires Credentials and, in it, all four members.</summary>
    public static AssumedRole Parse(string body)
    {
        var result = Element(Root(body, "AssumeRoleResponse"), "AssumeRoleResult", "AssumeRoleResponse");
        var credentials = Element(result, "Credentials", "AssumeRoleResult");
        return new AssumedRole(
            String(credentials, "AccessKeyId", "Credentials"),
            String(credentials, "SecretAccessKey", "Credentials"),
            String(credentials, "SessionToken", "Credentials"),
            Timestamp(Element(credentials, "Expiration", "Credentials"), "Credentials.Expiration"));
    }
}
