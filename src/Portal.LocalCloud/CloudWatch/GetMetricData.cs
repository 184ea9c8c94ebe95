using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using Portal.LocalCloud.Protocol;

namespace Portal.LocalCloud.CloudWatch;

/// <summary>
/// GetMetricData for MetricStat queries: validates the request as CloudWatch does, computes each
/// query's statistic per period, orders points by ScanBy and pages by MaxDatapoints across queries
/// (a query cut by the page limit is PartialData, the rest follows with NextToken).
/// </summary>
public sealed partial class GetMetricData
{
    public const int MaxQueries = 500;
    private const int DefaultMaxDatapoints = 100_800;

    private sealed record Query(string Id, string Label, MetricKey Key, int Period, Statistic Statistic);

    private sealed record Result(string Id, string Label, IReadOnlyList<Datapoint> Points, bool Partial);

    private readonly List<Result> _results = [];
    private string? _nextToken;

    [GeneratedRegex(@"\A[a-z][a-zA-Z0-9_]*\z")]
    private static partial Regex IdPattern();

    /// <param name="visible">Whether the caller's account sees a metric; another account's metric has no data for it.</param>
    public static GetMetricData Run(QueryForm form, MetricStore store, string region, Func<MetricKey, bool>? visible = null)
    {
        var members = form.Members("MetricDataQueries");
        if (members.Count == 0) throw new AwsError("MissingParameter", "The parameter MetricDataQueries is required.");
        if (members.Count > MaxQueries)
            throw new AwsError("InvalidParameterValue", $"The collection MetricDataQueries must not have a size greater than {MaxQueries}.");
        var start = form.RequiredTime("StartTime");
        var end = form.RequiredTime("EndTime");
        if (start >= end) throw new AwsError("InvalidParameterValue", "The parameter StartTime must be less than the parameter EndTime.");
        var scanBy = form.Optional("ScanBy") ?? "TimestampDescending";
        if (scanBy is not ("TimestampDescending" or "TimestampAscending"))
            throw new AwsError("InvalidParameterValue", $"The value {scanBy} for parameter ScanBy is not valid: expected TimestampDescending or " +
                $"TimestampAscending.");
        var maxDatapoints = form.OptionalInt("MaxDatapoints", 1, int.MaxValue) ?? DefaultMaxDatapoints;

        var queries = new List<Query>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in members)
        {
            var query = ParseQuery(form, member, region);
            if (!ids.Add(query.Id)) throw new AwsError("InvalidParameterValue",
                $"The value {query.Id} for parameter {member}.Id is duplicated: query ids must be unique.");
            if (form.Optional(member + ".ReturnData") != "false") queries.Add(query);
        }

        var position = form.Optional("NextToken") is { } token
            ? PageToken.Read(token, form.Fingerprint("NextToken", "MaxDatapoints"), 2)
            : [0, 0];
        var page = new GetMetricData();
        var budget = (long)maxDatapoints;
        for (var i = (int)position[0]; i < queries.Count; i++)
        {
            var skip = i == position[0] ? (int)Math.Min(position[1], int.MaxValue) : 0;
            if (budget == 0)
            {
                page._nextToken = PageToken.Create(form.Fingerprint("NextToken", "MaxDatapoints"), i, skip);
                break;
            }
            var q = queries[i];
            var points = visible is null || visible(q.Key) ? store.Query(q.Key, start, end, q.Period, q.Statistic) : [];
            if (scanBy == "TimestampDescending") points = [.. points.Reverse()];
            var remaining = Math.Max(0, points.Count - skip);
            var take = (int)Math.Min(remaining, budget);
            page._results.Add(new Result(q.Id, q.Label, [.. points.Skip(skip).Take(take)], take < remaining));
            budget -= take;
            if (take < remaining)
            {
                page._nextToken = PageToken.Create(form.Fingerprint("NextToken", "MaxDatapoints"), i, skip + take);
                break;
            }
        }
        return page;
    }

    private static Query ParseQuery(QueryForm form, string member, string region)
    {
        var id = form.Optional(member + ".Id") ?? throw new AwsError("MissingParameter", $"The parameter {member}.Id is required.");
        if (id.Length > 255 || !IdPattern().IsMatch(id))
            throw new AwsError("InvalidParameterValue", $"The value {id} for parameter {member}.Id is not valid: it must start with a lowercase letter and " +
                $"contain only letters, numbers and underscores.");
        var hasStat = form.Has(member + ".MetricStat");
        var hasExpression = form.Optional(member + ".Expression") is not null;
        if (hasStat == hasExpression)
            throw new AwsError("InvalidParameterCombination", $"Exactly one element of the Expression, MetricStat must be defined in {member}.");
        if (hasExpression)
            throw new AwsError("InvalidParameterValue", $"The parameter {member}.Expression is not supported: LocalCloud serves MetricStat queries only.");

        var stat = member + ".MetricStat";
        var metric = stat + ".Metric";
        var ns = form.Optional(metric + ".Namespace") ?? throw new AwsError("MissingParameter", $"The parameter {metric}.Namespace is required.");
        var name = form.Optional(metric + ".MetricName") ?? throw new AwsError("MissingParameter", $"The parameter {metric}.MetricName is required.");
        var dimensions = form.Members(metric + ".Dimensions").Select(d => new Dimension(
            form.Optional(d + ".Name") ?? throw new AwsError("MissingParameter", $"The parameter {d}.Name is required."),
            form.Optional(d + ".Value") ?? throw new AwsError("MissingParameter", $"The parameter {d}.Value is required."))).ToArray();
        if (dimensions.Length > 30) throw new AwsError("InvalidParameterValue", $"The collection {metric}.Dimensions must not have a size greater than 30.");

        var periodText = form.Optional(stat + ".Period") ?? throw new AwsError("MissingParameter", $"The parameter {stat}.Period is required.");
        // CloudWatch also takes 1, 5, 10 and 30 for high-resolution metrics; LocalCloud only keeps one-minute buckets.
        if (!int.TryParse(periodText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var period) || period < 60 || period % 60 != 0)
            throw new AwsError("InvalidParameterValue", $"The value {periodText} for parameter {stat}.Period is not valid: it must be a multiple of 60.");
        var statText = form.Optional(stat + ".Stat") ?? throw new AwsError("MissingParameter", $"The parameter {stat}.Stat is required.");
        if (!Statistic.TryParse(statText, out var statistic))
            throw new AwsError("InvalidParameterValue", $"The value {statText} for parameter {stat}.Stat is not a valid statistic: use Sum, Average, " +
                $"Maximum, Minimum, SampleCount or a percentile such as p99.");
        // Unit is accepted and not used to filter: LocalCloud records each metric in its one CloudWatch unit.

        var label = form.Optional(member + ".Label") ?? name;
        return new Query(id, label, new MetricKey(region, ns, name, dimensions), period, statistic);
    }

    public void Write(XmlWriter xml)
    {
        xml.WriteStartElement("MetricDataResults");
        foreach (var result in _results)
        {
            xml.WriteStartElement("member");
            xml.WriteElementString("Id", result.Id);
            xml.WriteElementString("Label", result.Label);
            xml.WriteStartElement("Timestamps");
            foreach (var p in result.Points) xml.WriteElementString("member",
                p.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            xml.WriteEndElement();
            xml.WriteStartElement("Values");
            foreach (var p in result.Points) xml.WriteElementString("member", p.Value.ToString("R", CultureInfo.InvariantCulture));
            xml.WriteEndElement();
            xml.WriteElementString("StatusCode", result.Partial ? "PartialData" : "Complete");
            xml.WriteStartElement("Messages");
            xml.WriteEndElement();
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
        if (_nextToken is not null) xml.WriteElementString("NextToken", _nextToken);
        xml.WriteStartElement("Messages");
        xml.WriteEndElement();
    }
}
