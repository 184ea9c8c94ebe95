using System.Xml.Linq;
using static Portal.Aws.XmlWireReader;

namespace Portal.Aws.Route53;

/// <summary>GetHealthCheck and UpdateHealthCheck on the wire (Route 53 API 2013-04-01), only the Inverted member.</summary>
public static class HealthCheckWire
{
    /// <summary>UpdateHealthCheckRequest with only Inverted: Route 53 updates "the values that you specify".</summary>
    public static string InvertRequest(bool inverted) =>
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" +
        new XElement(Route53Wire.Ns + "UpdateHealthCheckRequest", new XElement(Route53Wire.Ns + "Inverted", inverted ? "true" : "false"))
            .ToString(SaveOptions.DisableFormatting);

    /// <summary>HealthCheck.HealthCheckConfig.Inverted of a GetHealthCheckResponse or UpdateHealthCheckResponse; absent means false (the model's
    /// default).</summary>
    public static bool ParseInverted(string body, string rootName)
    {
        var root = Root(body, rootName);
        var check = Element(root, "HealthCheck", rootName);
        var config = Element(check, "HealthCheckConfig", rootName + ".HealthCheck");
        return OptionalString(config, "Inverted") switch
        {
            null => false,
            "true" => true,
            "false" => false,
            var other => throw new WireFormatException($"{rootName}.HealthCheck.HealthCheckConfig.Inverted is '{other}', not true or false."),
        };
    }
}
