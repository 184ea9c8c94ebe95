using System.Globalization;
using System.Xml.Linq;
using Portal.LocalCloud.World;

namespace Portal.LocalCloud.Route53;

/// <summary>
/// Route 53's REST-XML shapes (API 2013-04-01) as the SDKs and the AWS CLI parse them. Element names and
/// nesting follow the service model exactly; botocore ignores element order but not names or namespace.
/// </summary>
public static class Route53Xml
{
    public static readonly XNamespace Ns = "https://route53.amazonaws.com/doc/2013-04-01/";

    public static XElement E(string name, params object?[] content) => new(Ns + name, content);

    /// <summary>Route 53 writes timestamps as ISO 8601 in UTC with milliseconds.</summary>
    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string Bool(bool value) => value ? "true" : "false";

    public static XElement HealthCheck(HealthCheck check) =>
        E("HealthCheck",
            E("Id", check.Id),
            E("CallerReference", check.CallerReference),
            E("HealthCheckConfig",
                E("IPAddress", check.IpAddress),
                E("Port", check.Port),
                E("Type", check.Type),
                E("ResourcePath", check.ResourcePath),
                E("RequestInterval", check.RequestInterval),
                E("FailureThreshold", check.FailureThreshold),
                E("MeasureLatency", Bool(false)),
                E("Inverted", Bool(check.Inverted)),
                E("Disabled", Bool(false)),
                E("EnableSNI", Bool(false))),
            E("HealthCheckVersion", check.Version));

    public static XElement Observation(CheckerObservation checker) =>
        E("HealthCheckObservation",
            E("Region", checker.Region),
            E("IPAddress", checker.IpAddress),
            E("StatusReport",
                E("Status", checker.LastStatus),
                E("CheckedTime", Time(checker.CheckedTime))));

    public static XElement RecordSet(ResourceRecordSet record) =>
        E("ResourceRecordSet",
            E("Name", record.Name),
            E("Type", record.Type),
            record.SetIdentifier is null ? null : E("SetIdentifier", record.SetIdentifier),
            record.Weight is null ? null : E("Weight", record.Weight),
            E("TTL", record.Ttl),
            E("ResourceRecords", record.Values.Select(v => E("ResourceRecord", E("Value", v)))),
            record.HealthCheckId is null ? null : E("HealthCheckId", record.HealthCheckId));

    public static XElement ChangeInfo(RecordChange change) =>
        E("ChangeInfo",
            E("Id", Route53Ids.ChangePrefix + change.Id),
            E("Status", change.Status),
            E("SubmittedAt", Time(change.SubmittedAt)),
            change.Comment is null ? null : E("Comment", change.Comment));

    public static XElement HostedZone(HostedZone zone) =>
        E("HostedZone",
            E("Id", Route53Ids.HostedZonePrefix + zone.Id),
            E("Name", zone.Name),
            E("CallerReference", zone.CallerReference),
            E("Config", E("Comment", "LocalCloud seeded zone"), E("PrivateZone", Bool(false))),
            E("ResourceRecordSetCount", zone.Records.Count));

    public static Task WriteAsync(HttpContext http, XElement root, int statusCode = 200)
    {
        http.Response.StatusCode = statusCode;
        http.Response.ContentType = "text/xml";
        http.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        return http.Response.WriteAsync("<?xml version=\"1.0\"?>\n" + root.ToString(SaveOptions.DisableFormatting));
    }
}
