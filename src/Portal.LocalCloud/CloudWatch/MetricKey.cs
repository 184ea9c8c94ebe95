namespace Portal.LocalCloud.CloudWatch;

public readonly record struct Dimension(string Name, string Value);

/// <summary>
/// A metric's identity within one region, as CloudWatch names it. CloudWatch treats a metric's
/// dimensions as a set, so equality and hashing ignore their order (and compare without allocating,
/// because every served request builds five of these).
/// </summary>
public sealed record MetricKey(string Region, string Namespace, string MetricName, IReadOnlyList<Dimension> Dimensions)
{
    public bool Equals(MetricKey? other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (other is null || Region != other.Region || Namespace != other.Namespace || MetricName != other.MetricName) return false;
        if (Dimensions.Count != other.Dimensions.Count) return false;
        for (var i = 0; i < Dimensions.Count; i++)
            if (!Contains(other.Dimensions, Dimensions[i])) return false;
        return true;
    }

    public override int GetHashCode()
    {
        // Sum of the dimensions' hashes: order-independent.
        var dimensions = 0;
        for (var i = 0; i < Dimensions.Count; i++) dimensions += Dimensions[i].GetHashCode();
        return HashCode.Combine(Region, Namespace, MetricName, dimensions);
    }

    /// <summary>True when every filter dimension is present (a filter without a value matches any value), as ListMetrics filters.</summary>
    public bool HasDimensions(IEnumerable<(string Name, string? Value)> filters) =>
        filters.All(f => Dimensions.Any(d => d.Name == f.Name && (f.Value is null || d.Value == f.Value)));

    private static bool Contains(IReadOnlyList<Dimension> dimensions, Dimension wanted)
    {
        for (var i = 0; i < dimensions.Count; i++)
            if (dimensions[i] == wanted) return true;
        return false;
    }
}
