using System.Globalization;
using System.Text.RegularExpressions;
using Portal.LocalCloud.CloudWatch;
using Portal.LocalCloud.Protocol;
using Portal.LocalCloud.World;

namespace Portal.LocalCloud.Sts;

/// <summary>
/// STS over the Query protocol (2011-06-15): AssumeRole for the roles LocalCloud seeded, issuing temporary credentials
/// the signature check then accepts with their session token. Validation as the STS API reference documents it.
/// </summary>
public sealed partial class StsApi(CloudWorld world, SessionCredentials sessions) : IAwsApi
{
    public const string Namespace = "https://sts.amazonaws.com/doc/2011-06-15/";
    private static readonly TimeSpan MinDuration = TimeSpan.FromSeconds(900);

    public string SigningName => "sts";
    public AwsProtocol Protocol => AwsProtocol.Query;
    public string ThrottlingCode => "Throttling";

    // STS and CloudWatch are both form POSTs to "/": the credential scope says which service the caller signed for.
    public bool Matches(HttpRequest request) =>
        request.Method == "POST" && request.Path == "/" && request.Headers.Authorization.ToString().Contains("/sts/aws4_request", StringComparison.Ordinal);

    public Task HandleAsync(ApiRequest request)
    {
        var form = QueryForm.Parse(request.BodyText);
        return request.Operation switch
        {
            "AssumeRole" => AssumeRole(request, form),
            null => throw new AwsError("MissingAction", "The request must contain the parameter Action."),
            var other => throw new AwsError("InvalidAction", $"Could not find operation {other} for version 2011-06-15 (LocalCloud's STS serves AssumeRole)."),
        };
    }

    private Task AssumeRole(ApiRequest request, QueryForm form)
    {
        var http = request.Http;
        var roleArn = form.Required("RoleArn");
        var sessionName = form.Required("RoleSessionName");
        if (roleArn.Length < 20 || roleArn.Length > 2048)
            throw Validation($"Value '{roleArn}' at 'roleArn' failed to satisfy constraint: Member must have length between 20 and 2048");
        if (!SessionNamePattern().IsMatch(sessionName))
            throw Validation($"Value '{sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: " +
                $"[\\w+=,.@-]*");
        var duration = TimeSpan.FromSeconds(form.OptionalInt("DurationSeconds", 0, 43200) ?? 3600);
        if (duration < MinDuration)
            throw Validation($"Value '{duration.TotalSeconds}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or " +
                $"equal to 900");
        var externalId = form.Optional("ExternalId");

        IamRole? role;
        lock (world.Gate) role = world.Roles.SingleOrDefault(r => r.Arn == roleArn);
        // The trust policy decides: an unknown role, or a wrong or missing external id, is the same AccessDenied.
        if (role is null || (role.ExternalId is not null && role.ExternalId != externalId))
            throw new AwsError("AccessDenied", $"User: arn:aws:iam::{request.AccountId}:user/localcloud is not authorized to perform: sts:AssumeRole on " +
                $"resource: {roleArn}", 403);
        if (duration > role.MaxSessionDuration)
            throw Validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");

        var issued = sessions.Issue(roleArn, sessionName, duration);
        var roleName = roleArn[(roleArn.LastIndexOf('/') + 1)..];
        var account = roleArn.Split(':')[4];
        return QueryXml.WriteAsync(http, "AssumeRole", Namespace, xml =>
        {
            xml.WriteStartElement("Credentials");
            xml.WriteElementString("AccessKeyId", issued.AccessKeyId);
            xml.WriteElementString("SecretAccessKey", issued.SecretAccessKey);
            xml.WriteElementString("SessionToken", issued.SessionToken);
            xml.WriteElementString("Expiration", issued.Expiration.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            xml.WriteEndElement();
            xml.WriteStartElement("AssumedRoleUser");
            xml.WriteElementString("AssumedRoleId", $"AROA{Math.Abs(roleArn.GetHashCode(StringComparison.Ordinal)):D12}:{sessionName}");
            xml.WriteElementString("Arn", $"arn:aws:sts::{account}:assumed-role/{roleName}/{sessionName}");
            xml.WriteEndElement();
        });
    }

    private static AwsError Validation(string message) => new("ValidationError", message);

    [GeneratedRegex(@"^[\w+=,.@-]{2,64}$")]
    private static partial Regex SessionNamePattern();
}
