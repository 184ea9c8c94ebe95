using Portal.LocalCloud.World;

namespace Portal.LocalCloud.Route53;

/// <summary>
/// The order ListResourceRecordSets pages in: by DNS name with labels reversed (so a zone's apex and its
/// subdomains stay together), then type, then set identifier. The paging tokens (name, type, identifier)
/// only work if every call sorts the same way.
/// </summary>
public sealed class RecordOrder : IComparer<ResourceRecordSet>
{
    public static readonly RecordOrder Instance = new();

    public int Compare(ResourceRecordSet? x, ResourceRecordSet? y) =>
        x is null || y is null ? Comparer<object>.Default.Compare(x, y) : Compare(x.Name, x.Type, x.SetIdentifier, y.Name, y.Type, y.SetIdentifier);

    /// <summary>A null type or identifier on the right means "from the first of this name (and type)".</summary>
    public static int Compare(string name, string type, string? identifier, string otherName, string? otherType, string? otherIdentifier)
    {
        var byName = string.CompareOrdinal(Reversed(name), Reversed(otherName));
        if (byName != 0 || otherType is null) return byName;
        var byType = string.CompareOrdinal(type, otherType);
        if (byType != 0 || otherIdentifier is null) return byType;
        return string.CompareOrdinal(identifier ?? "", otherIdentifier);
    }

    private static string Reversed(string name) =>
        string.Join('.', ZoneChanges.Normalize(name).TrimEnd('.').Split('.').Reverse());
}
