using System.Xml;
using Portal.LocalCloud.Protocol;

namespace Portal.LocalCloud.CloudWatch;

/// <summary>ListMetrics: metrics of the request's region with data in the last two weeks, filtered by namespace, name and dimensions, 500 per page.</summary>
public sealed class ListMetrics
{
    private const int PageSize = 500;

    private IReadOnlyList<MetricKey> _metrics = [];
    private string? _nextToken;

    public static ListMetrics Run(QueryForm form, MetricStore store, string region, DateTimeOffset now, Func<MetricKey, bool> visible)
    {
        var ns = form.Optional("Namespace");
        var name = form.Optional("MetricName");
        var filters = form.Members("Dimensions").Select(d => (
            Name: form.Optional(d + ".Name") ?? throw new AwsError("MissingParameter", $"The parameter {d}.Name is required."),
            Value: form.Optional(d + ".Value"))).ToArray();
        if (filters.Length > 10) throw new AwsError("InvalidParameterValue", "The collection Dimensions must not have a size greater than 10.");
        var recentlyActive = form.Optional("RecentlyActive");
        if (recentlyActive is not (null or "PT3H"))
            throw new AwsError("InvalidParameterValue", $"The value {recentlyActive} for parameter RecentlyActive is not valid: the only valid value is PT3H.");
        var since = now - (recentlyActive is null ? TimeSpan.FromDays(14) : TimeSpan.FromHours(3));

        // A stable order makes the page offset in NextToken meaningful across calls.
        var matching = store.Metrics(region)
            .Where(k => (ns is null || k.Namespace == ns) && (name is null || k.MetricName == name) && k.HasDimensions(filters))
            .Where(k => store.LastRecorded(k) >= since && visible(k))
            .OrderBy(k => k.Namespace, StringComparer.Ordinal)
            .ThenBy(k => k.MetricName, StringComparer.Ordinal)
            .ThenBy(k => string.Join(',', k.Dimensions.OrderBy(d => d.Name, StringComparer.Ordinal).Select(d => d.Name + "=" + d.Value)),
                StringComparer.Ordinal)
            .ToList();

        var fingerprint = form.Fingerprint("NextToken");
        var offset = form.Optional("NextToken") is { } token ? PageToken.Read(token, fingerprint, 1)[0] : 0;
        var page = new ListMetrics { _metrics = [.. matching.Skip((int)Math.Min(offset, int.MaxValue)).Take(PageSize)] };
        if (offset + PageSize < matching.Count) page._nextToken = PageToken.Create(fingerprint, offset + PageSize);
        return page;
    }

    public void Write(XmlWriter xml)
    {
        xml.WriteStartElement("Metrics");
        foreach (var metric in _metrics)
        {
            xml.WriteStartElement("member");
            xml.WriteElementString("Namespace", metric.Namespace);
            xml.WriteElementString("MetricName", metric.MetricName);
            xml.WriteStartElement("Dimensions");
            foreach (var d in metric.Dimensions)
            {
                xml.WriteStartElement("member");
                xml.WriteElementString("Name", d.Name);
                xml.WriteElementString("Value", d.Value);
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
        if (_nextToken is not null) xml.WriteElementString("NextToken", _nextToken);
    }
}
