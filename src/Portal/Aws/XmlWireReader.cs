using System.Globalization;
using System.Net;
using System.Xml;
using System.Xml.Linq;

namespace Portal.Aws;

/// <summary>
/// Strict reads of AWS XML answers (REST-XML and Query): a missing or malformed element is a
/// <see cref="WireFormatException"/> naming its path, never a default value. Elements are matched by
/// local name, so an answer in another namespace version still reads (the SDKs do the same).
/// </summary>
public static class XmlWireReader
{
    /// <summary>The document's root, which must be named <paramref name="rootName"/>.</summary>
    public static XElement Root(string body, string rootName)
    {
        if (string.IsNullOrWhiteSpace(body)) throw new WireFormatException("the body was empty.");
        XDocument document;
        try
        {
            // No DTDs: an answer is data, never a reason to fetch or expand anything.
            using var reader = XmlReader.Create(new StringReader(body), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            document = XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            throw new WireFormatException($"the body is not valid XML ({e.Message}): {AwsTransport.Excerpt(body)}");
        }
        var root = document.Root!;
        return root.Name.LocalName == rootName ? root : throw new WireFormatException($"the root element is {root.Name.LocalName}, expected {rootName}.");
    }

    public static XElement Element(XElement parent, string name, string path) =>
        OptionalElement(parent, name) ?? throw new WireFormatException($"{path}.{name} is missing.");

    public static XElement? OptionalElement(XElement parent, string name) =>
        parent.Elements().FirstOrDefault(e => e.Name.LocalName == name);

    /// <summary>The children named <paramref name="name"/> of an optional list element (absent means empty, as AWS omits empty lists).</summary>
    public static IReadOnlyList<XElement> List(XElement parent, string listName, string memberName) =>
        OptionalElement(parent, listName) is { } list ? [.. list.Elements().Where(e => e.Name.LocalName == memberName)] : [];

    public static string String(XElement parent, string name, string path)
    {
        var value = OptionalString(parent, name);
        return string.IsNullOrEmpty(value) ? throw new WireFormatException($"{path}.{name} is {(value is null ? "missing" : "empty")}, expected text.") : value;
    }

    public static string? OptionalString(XElement parent, string name) => OptionalElement(parent, name)?.Value;

    public static long? OptionalLong(XElement parent, string name, string path, long min, long max)
    {
        var text = OptionalString(parent, name);
        if (text is null) return null;
        return long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new WireFormatException($"{path}.{name} is '{Short(text)}', expected an integer from {min} to {max}.");
    }

    public static bool Bool(XElement parent, string name, string path) => String(parent, name, path).Trim() switch
    {
        "true" => true,
        "false" => false,
        var other => throw new WireFormatException($"{path}.{name} is '{Short(other)}', expected true or false."),
    };

    public static DateTimeOffset Timestamp(XElement element, string path) =>
        ParseTimestamp(element.Value) ?? throw new WireFormatException($"{path} is '{Short(element.Value)}', expected an ISO 8601 timestamp.");

    public static DateTimeOffset? OptionalTimestamp(XElement parent, string name, string path) =>
        OptionalElement(parent, name) is { } element ? Timestamp(element, $"{path}.{name}") : null;

    public static double Double(XElement element, string path) =>
        double.TryParse(element.Value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw new WireFormatException($"{path} is '{Short(element.Value)}', expected a number.");

    private static DateTimeOffset? ParseTimestamp(string text)
    {
        text = text.Trim();
        // ISO 8601 with a date and a time; DateTimeOffset.TryParse alone would also take "5" or "tomorrow"-like fragments.
        if (text.Length < 19 || text[4] != '-' || text[10] != 'T') return null;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? at : null;
    }

    private static string Short(string text) => text.Length <= 40 ? text : text[..40] + "…";
}

/// <summary>
/// Reads the XML protocols' error answers: the ErrorResponse envelope Route 53 (REST-XML) and CloudWatch
/// (Query) share (Error/Code, Error/Message, RequestId), and Route 53's InvalidChangeBatch, whose root is
/// the code and whose Messages list the problems.
/// </summary>
public static class AwsXmlErrors
{
    public static AwsErrorInfo Parse(HttpStatusCode status, string? body)
    {
        if (string.IsNullOrWhiteSpace(body)) return AwsErrorInfo.Unreadable(status, body);
        XElement root;
        try
        {
            using var reader = XmlReader.Create(new StringReader(body), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            root = XDocument.Load(reader).Root!;
        }
        catch (XmlException)
        {
            return AwsErrorInfo.Unreadable(status, body);
        }

        var error = root.Name.LocalName == "Error" ? root : XmlWireReader.OptionalElement(root, "Error");
        if (error is not null)
        {
            var code = AwsJsonErrors.Clean(XmlWireReader.OptionalString(error, "Code"));
            return code is null ? AwsErrorInfo.Unreadable(status, body) : new AwsErrorInfo(code, NonEmpty(XmlWireReader.OptionalString(error, "Message"))
                ?? "(no message)");
        }
        var messages = XmlWireReader.List(root, "Messages", "Message").Select(m => m.Value).Where(m => m.Length > 0).ToList();
        if (root.Name.LocalName != "ErrorResponse" && messages.Count > 0)
            return new AwsErrorInfo(root.Name.LocalName, string.Join("; ", messages));
        return AwsErrorInfo.Unreadable(status, body);
    }

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
