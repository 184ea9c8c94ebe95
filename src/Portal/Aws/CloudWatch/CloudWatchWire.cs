using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Portal.Core.Metrics;
using static Portal.Aws.XmlWireReader;

namespace Portal.Aws.CloudWatch;

public enum MetricDataStatus
{
    Complete,
    PartialData,
    InternalError,
    Forbidden,
}

/// <summary>One MetricDataResults member of one page: the query's points on this page and CloudWatch's StatusCode.</summary>
public sealed record MetricDataResult(string Id, IReadOnlyList<MetricPoint> Points, MetricDataStatus Status);

public sealed record MetricDataPage(IReadOnlyList<MetricDataResult> Results, string? NextToken);

/// <summary>CloudWatch's Query protocol (2010-08-01) for GetMetricData: the form the portal sends and the XML it reads.</summary>
public static class CloudWatchWire
{
    public const string ApiVersion = "2010-08-01";

    /// <summary>The form-encoded GetMetricData request; lists are flattened as Name.member.N (1-based), as the Query protocol wants.</summary>
    public static string GetMetricDataForm(IReadOnlyList<MetricQuery> queries, DateTimeOffset start, DateTimeOffset end, int maxDatapoints, string? nextToken)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("Action", "GetMetricData"),
            new("Version", ApiVersion),
            new("StartTime", Iso(start)),
            new("EndTime", Iso(end)),
            new("ScanBy", "TimestampAscending"),
            new("MaxDatapoints", maxDatapoints.ToString(CultureInfo.InvariantCulture)),
        };
        if (nextToken is not null) form.Add(new("NextToken", nextToken));
        for (var i = 0; i < queries.Count; i++)
        {
            var q = queries[i];
            var member = $"MetricDataQueries.member.{i + 1}";
            form.Add(new(member + ".Id", q.Id));
            form.Add(new(member + ".MetricStat.Metric.Namespace", q.Namespace));
            form.Add(new(member + ".MetricStat.Metric.MetricName", q.MetricName));
            for (var d = 0; d < q.Dimensions.Count; d++)
            {
                var dimension = $"{member}.MetricStat.Metric.Dimensions.member.{d + 1}";
                form.Add(new(dimension + ".Name", q.Dimensions[d].Name));
                form.Add(new(dimension + ".Value", q.Dimensions[d].Value));
            }
            form.Add(new(member + ".MetricStat.Period", ((long)q.Period.TotalSeconds).ToString(CultureInfo.InvariantCulture)));
            form.Add(new(member + ".MetricStat.Stat", q.Stat));
            form.Add(new(member + ".ReturnData", "true"));
        }
        var text = new StringBuilder();
        foreach (var (key, value) in form)
        {
            if (text.Length > 0) text.Append('&');
            text.Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value));
        }
        return text.ToString();
    }

    public static MetricDataPage ParseGetMetricData(string body)
    {
        var root = Root(body, "GetMetricDataResponse");
        const string resultPath = "GetMetricDataResponse.GetMetricDataResult";
        var result = Element(root, "GetMetricDataResult", "GetMetricDataResponse");
        // MetricDataResults is optional in the model: absent means no results on this page.
        var results = new List<MetricDataResult>();
        var index = 0;
        foreach (var member in List(result, "MetricDataResults", "member"))
        {
            var path = $"{resultPath}.MetricDataResults.member[{index++}]";
            // Every member of a MetricDataResult is optional in CloudWatch's model; without its Id a result cannot be
            // matched to the query that asked for it, so it is left out.
            if (string.IsNullOrEmpty(OptionalString(member, "Id"))) continue;
            results.Add(ParseResult(member, path));
        }
        var token = OptionalString(result, "NextToken");
        return new MetricDataPage(results, string.IsNullOrEmpty(token) ? null : token);
    }

    private static MetricDataResult ParseResult(XElement member, string path)
    {
        var id = String(member, "Id", path);
        var timestamps = List(member, "Timestamps", "member");
        var values = List(member, "Values", "member");
        if (timestamps.Count != values.Count)
            throw new WireFormatException($"{path} (Id {id}) has {timestamps.Count} Timestamps but {values.Count} Values.");
        var points = new MetricPoint[timestamps.Count];
        for (var i = 0; i < points.Length; i++)
            points[i] = new MetricPoint(Timestamp(timestamps[i], $"{path}.Timestamps.member[{i}]"), Double(values[i], $"{path}.Values.member[{i}]"));
        // An absent StatusCode (optional in the model) promises nothing: read as PartialData, so the series is not taken as complete.
        var statusText = OptionalString(member, "StatusCode") ?? nameof(MetricDataStatus.PartialData);
        // Exact names only: Enum.TryParse would also take "1" or "complete".
        var status = Enum.GetValues<MetricDataStatus>().Cast<MetricDataStatus?>().FirstOrDefault(s => s.ToString() == statusText)
            ?? throw new WireFormatException($"{path}.StatusCode has the unknown value '{statusText}'.");
        return new MetricDataResult(id, points, status);
    }

    /// <summary>CloudWatch takes ISO 8601 in UTC; whole seconds are all a period boundary needs.</summary>
    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
