namespace Portal.LocalCloud.CloudWatch;

public readonly record struct Dimension(string Name, string Value);

/// <summary>A metric's identity within one region, as CloudWatch names it.</summary>
public sealed record MetricKey(string Region, string Namespace, string MetricName, IReadOnlyList<Dimension> Dimensions);

/// <summary>Per-minute metric history kept in fixed windows (owned by the CloudWatch part of LocalCloud).</summary>
public sealed class MetricStore
{
    public void Record(MetricKey key, double value, DateTimeOffset at)
    {
        _ = key; _ = value; _ = at;
    }
}
