using System.Globalization;
using System.Xml.Linq;
using Portal.Core.Health;
using Portal.Core.Traffic;
using static Portal.Aws.XmlWireReader;

namespace Portal.Aws.Route53;

/// <summary>A resource record set as ListResourceRecordSets lists it, whatever its routing policy.</summary>
public sealed record RecordSet(
    string Name,
    string Type,
    string? SetIdentifier,
    int? Weight,
    long? Ttl,
    IReadOnlyList<string> Values,
    string? HealthCheckId,
    bool IsAlias);

/// <summary>One page of ListResourceRecordSets; when truncated, the Next* fields say where the next page starts.</summary>
public sealed record RecordSetPage(
    IReadOnlyList<RecordSet> Records,
    bool IsTruncated,
    string? NextRecordName,
    string? NextRecordType,
    string? NextRecordIdentifier);

/// <summary>Route 53's REST-XML shapes (API 2013-04-01): the answers the portal reads and the change batch it sends.</summary>
public static class Route53Wire
{
    public static readonly XNamespace Ns = "https://route53.amazonaws.com/doc/2013-04-01/";

    public const string HostedZonePrefix = "/hostedzone/";
    public const string ChangePrefix = "/change/";
    public const string HealthCheckPrefix = "/healthcheck/";

    /// <summary>Route 53 hands out "/hostedzone/Z..." and "/change/C..." but its paths want the bare id.</summary>
    public static string BareId(string id, string prefix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        var bare = id.Trim();
        if (bare.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) bare = bare[prefix.Length..];
        return bare.Length > 0 && !bare.Contains('/') ? bare : throw new ArgumentException($"'{id}' is not a Route 53 id.", nameof(id));
    }

    /// <summary>Route 53 answers names in lower case with the trailing dot, whatever was sent.</summary>
    public static string NormalizeName(string name)
    {
        var n = name.Trim().ToLowerInvariant();
        return n.EndsWith('.') ? n : n + ".";
    }

    public static HealthCheckStatus ParseHealthCheckStatus(string body, string healthCheckId)
    {
        var root = Root(body, "GetHealthCheckStatusResponse");
        const string listPath = "GetHealthCheckStatusResponse.HealthCheckObservations";
        Element(root, "HealthCheckObservations", "GetHealthCheckStatusResponse");
        var observations = new List<CheckerObservation>();
        var index = 0;
        foreach (var observation in List(root, "HealthCheckObservations", "HealthCheckObservation"))
        {
            var path = $"{listPath}.HealthCheckObservation[{index++}]";
            // Every member of an observation is optional in Route 53's model.
            var report = OptionalElement(observation, "StatusReport");
            observations.Add(new CheckerObservation(
                OptionalString(observation, "Region"),
                OptionalString(observation, "IPAddress"),
                report is null ? null : OptionalString(report, "Status"),
                report is null ? null : OptionalTimestamp(report, "CheckedTime", path + ".StatusReport")));
        }
        return new HealthCheckStatus(healthCheckId, observations);
    }

    public static RecordSetPage ParseRecordSets(string body)
    {
        const string rootName = "ListResourceRecordSetsResponse";
        var root = Root(body, rootName);
        Element(root, "ResourceRecordSets", rootName);
        var records = new List<RecordSet>();
        var index = 0;
        foreach (var set in List(root, "ResourceRecordSets", "ResourceRecordSet"))
            records.Add(ParseRecordSet(set, $"{rootName}.ResourceRecordSets.ResourceRecordSet[{index++}]"));

        var truncated = Bool(root, "IsTruncated", rootName);
        string? nextName = null, nextType = null;
        if (truncated)
        {
            // Without these the next page cannot be asked for: following "anything" would loop or skip.
            nextName = String(root, "NextRecordName", rootName);
            nextType = String(root, "NextRecordType", rootName);
        }
        return new RecordSetPage(records, truncated, nextName, nextType, truncated ? OptionalString(root, "NextRecordIdentifier") : null);
    }

    private static RecordSet ParseRecordSet(XElement set, string path)
    {
        var values = new List<string>();
        var index = 0;
        foreach (var record in List(set, "ResourceRecords", "ResourceRecord"))
            values.Add(String(record, "Value", $"{path}.ResourceRecords.ResourceRecord[{index++}]"));
        // Only Name and Type are required by the model; a record without TTL or values is read as it is, and
        // re-weighting refuses it later with a reason.
        var isAlias = OptionalElement(set, "AliasTarget") is not null;
        var ttl = OptionalLong(set, "TTL", path, 0, int.MaxValue);
        return new RecordSet(
            String(set, "Name", path),
            String(set, "Type", path),
            OptionalString(set, "SetIdentifier"),
            (int?)OptionalLong(set, "Weight", path, 0, 255),
            ttl,
            values,
            OptionalString(set, "HealthCheckId") is { Length: > 0 } healthCheck ? healthCheck : null,
            isAlias);
    }

    /// <summary>The ChangeInfo of ChangeResourceRecordSetsResponse or GetChangeResponse (<paramref name="rootName"/>), id without "/change/".</summary>
    public static RecordChange ParseChangeInfo(string body, string rootName)
    {
        var root = Root(body, rootName);
        var path = rootName + ".ChangeInfo";
        var info = Element(root, "ChangeInfo", rootName);
        var id = String(info, "Id", path);
        var status = String(info, "Status", path) switch
        {
            "PENDING" => RecordChangeStatus.Pending,
            "INSYNC" => RecordChangeStatus.InSync,
            var other => throw new WireFormatException($"{path}.Status has the unknown value '{other}'."),
        };
        var bare = id.StartsWith(ChangePrefix, StringComparison.Ordinal) ? id[ChangePrefix.Length..] : id;
        if (bare.Length == 0 || bare.Contains('/')) throw new WireFormatException($"{path}.Id is '{id}', expected a change id.");
        return new RecordChange(bare, status, OptionalTimestamp(info, "SubmittedAt", path));
    }

    /// <summary>A ChangeResourceRecordSetsRequest that UPSERTs each record under <paramref name="recordName"/>, elements in the service model's
    /// order.</summary>
    public static string UpsertBatch(string recordName, IReadOnlyList<WeightedRecord> records, string? comment)
    {
        var request = new XElement(Ns + "ChangeResourceRecordSetsRequest",
            new XElement(Ns + "ChangeBatch",
                string.IsNullOrEmpty(comment) ? null : new XElement(Ns + "Comment", comment),
                new XElement(Ns + "Changes", records.Select(r =>
                    new XElement(Ns + "Change",
                        new XElement(Ns + "Action", "UPSERT"),
                        new XElement(Ns + "ResourceRecordSet",
                            new XElement(Ns + "Name", recordName),
                            new XElement(Ns + "Type", r.Type),
                            new XElement(Ns + "SetIdentifier", r.SetIdentifier),
                            new XElement(Ns + "Weight", r.Weight.ToString(CultureInfo.InvariantCulture)),
                            new XElement(Ns + "TTL", r.Ttl!.Value.ToString(CultureInfo.InvariantCulture)),
                            new XElement(Ns + "ResourceRecords", r.Values.Select(v => new XElement(Ns + "ResourceRecord", new XElement(Ns + "Value", v)))),
                            r.HealthCheckId is null ? null : new XElement(Ns + "HealthCheckId", r.HealthCheckId)))))));
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + request.ToString(SaveOptions.DisableFormatting);
    }
}
