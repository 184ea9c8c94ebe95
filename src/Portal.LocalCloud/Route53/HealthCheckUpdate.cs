using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Portal.LocalCloud.Protocol;
using Portal.LocalCloud.World;

namespace Portal.LocalCloud.Route53;

/// <summary>
/// UpdateHealthCheck (POST /2013-04-01/healthcheck/{Id}, UpdateHealthCheckRequest): sets only the members the
/// request includes, as Route 53 does, and bumps HealthCheckVersion. A HealthCheckVersion that is not the current
/// one is HealthCheckVersionMismatch (409), per the API reference. LocalCloud's checks are plain HTTP checks, so the
/// members it can apply are Inverted, FailureThreshold, ResourcePath and Port; any other member is refused rather
/// than silently ignored.
/// </summary>
public static class HealthCheckUpdate
{
    private static readonly HashSet<string> Supported = ["HealthCheckVersion", "Inverted", "FailureThreshold", "ResourcePath", "Port"];

    public static HealthCheck Apply(HealthCheck check, byte[] body)
    {
        XElement root;
        try { root = XDocument.Parse(System.Text.Encoding.UTF8.GetString(body)).Root!; }
        catch (XmlException e) { throw new AwsError("InvalidInput", $"Invalid XML ; {e.Message}"); }
        if (root.Name.LocalName != "UpdateHealthCheckRequest")
            throw new AwsError("InvalidInput", $"Invalid request: expected UpdateHealthCheckRequest, got {root.Name.LocalName}.");
        foreach (var member in root.Elements().Where(e => !Supported.Contains(e.Name.LocalName)))
            throw new AwsError("InvalidInput", $"LocalCloud's health checks are HTTP checks on an IP address; it does not apply {member.Name.LocalName}.");

        // Everything is checked before anything changes: a refused update changes nothing.
        var version = Long(root, "HealthCheckVersion", 1, long.MaxValue);
        if (version is not null && version != check.Version)
            throw new AwsError("HealthCheckVersionMismatch",
                $"The value of HealthCheckVersion in the request ({version}) doesn't match the value of HealthCheckVersion in the health check " +
                    $"({check.Version}).", 409);
        var inverted = Child(root, "Inverted")?.Value switch
        {
            null => (bool?)null,
            "true" => true,
            "false" => false,
            var other => throw new AwsError("InvalidInput", $"Invalid value for Inverted: '{other}' (true or false)."),
        };
        var threshold = Long(root, "FailureThreshold", 1, 10);
        var port = Long(root, "Port", 1, 65535);
        var path = Child(root, "ResourcePath")?.Value;
        if (path is { Length: > 255 }) throw new AwsError("InvalidInput",
            "1 validation error detected: 'resourcePath' failed to satisfy constraint: Member must have length less than or equal to 255");

        if (inverted is { } i) check.Inverted = i;
        if (threshold is { } t) check.FailureThreshold = (int)t;
        if (port is { } p) check.Port = (int)p;
        if (path is not null) check.ResourcePath = path;
        check.Version++;
        return check;
    }

    private static XElement? Child(XElement parent, string name) => parent.Elements().FirstOrDefault(e => e.Name.LocalName == name);

    private static long? Long(XElement parent, string name, long min, long max)
    {
        var text = Child(parent, name)?.Value;
        if (text is null) return null;
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            throw new AwsError("InvalidInput", $"1 validation error detected: Value '{text}' at '{char.ToLowerInvariant(name[0])}{name[1..]}' " +
                $"failed to satisfy constraint: Member must have value between {min} and {max}");
        return value;
    }
}
