using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Portal.LocalCloud.Protocol;

namespace Portal.LocalCloud.Route53;

/// <summary>One change of a ChangeResourceRecordSets request as sent; nothing is validated against the zone yet.</summary>
public sealed record RequestedChange(
    int Index,
    string Action,
    string Name,
    string Type,
    string? SetIdentifier,
    long? Weight,
    long? Ttl,
    IReadOnlyList<string>? Values,
    string? HealthCheckId,
    bool HasAliasTarget)
{
    /// <summary>How Route 53 names a change in its error messages.</summary>
    public string Describe() =>
        $"[Action={Action}, Name={Name}, Type={Type}" + (SetIdentifier is null ? "]" : $", SetIdentifier={SetIdentifier}]");
}

/// <summary>Reads the ChangeResourceRecordSetsRequest XML body; malformed input is InvalidInput, as Route 53 answers it.</summary>
public static class ChangeBatchReader
{
    public static (string? Comment, IReadOnlyList<RequestedChange> Changes) Read(byte[] body)
    {
        XElement root;
        try { root = XDocument.Parse(System.Text.Encoding.UTF8.GetString(body)).Root!; }
        catch (XmlException e) { throw new AwsError("InvalidInput", $"Invalid XML ; {e.Message}"); }

        var batch = Child(root, "ChangeBatch") ?? throw new AwsError("InvalidInput", "Invalid request: Missing field 'ChangeBatch'");
        var comment = Child(batch, "Comment")?.Value;
        var changes = Child(batch, "Changes")?.Elements().Where(e => e.Name.LocalName == "Change").ToList() ?? [];
        if (changes.Count == 0) throw new AwsError("InvalidInput", "1 validation error detected: Value null at 'changeBatch.changes' failed to satisfy " +
            "constraint: Member must not be null");
        if (changes.Count > 100) throw new AwsError("InvalidInput", "1 validation error detected: 'changeBatch.changes' failed to satisfy constraint: Member " +
            "must have length less than or equal to 100");
        return (comment, [.. changes.Select((c, i) => ReadChange(c, i + 1))]);
    }

    private static RequestedChange ReadChange(XElement change, int index)
    {
        var set = Child(change, "ResourceRecordSet") ?? throw new AwsError("InvalidInput",
            $"Invalid request: Missing field 'ResourceRecordSet' in change {index}");
        var values = Child(set, "ResourceRecords")?.Elements().Where(e => e.Name.LocalName == "ResourceRecord")
            .Select(r => Child(r, "Value")?.Value ?? "").ToList();
        return new RequestedChange(
            index,
            Child(change, "Action")?.Value ?? "",
            Child(set, "Name")?.Value ?? "",
            Child(set, "Type")?.Value ?? "",
            Child(set, "SetIdentifier")?.Value,
            Long(set, "Weight", index),
            Long(set, "TTL", index),
            values,
            Child(set, "HealthCheckId")?.Value,
            Child(set, "AliasTarget") is not null);
    }

    private static long? Long(XElement parent, string name, int index)
    {
        var text = Child(parent, name)?.Value;
        if (text is null) return null;
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new AwsError("InvalidInput", $"1 validation error detected: Value '{text}' at " +
                $"'changeBatch.changes.{index}.member.resourceRecordSet.{char.ToLowerInvariant(name[0])}{name[1..]}' is not a number");
    }

    // Matched by local name: botocore sends the 2013-04-01 namespace, hand-written requests sometimes omit it.
    private static XElement? Child(XElement parent, string localName) =>
        parent.Elements().FirstOrDefault(e => e.Name.LocalName == localName);
}
