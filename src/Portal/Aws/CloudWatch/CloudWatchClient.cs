using System.Text;
using Portal.Core.Metrics;

namespace Portal.Aws.CloudWatch;

/// <summary>
/// CloudWatch GetMetricData over the Query protocol (2010-08-01), in the region asked for. Splits query
/// sets larger than CloudWatch's 500 per request and follows NextToken, so a caller sees one logical request.
/// Metrics live in the account of what they measure, so queries about environments in different accounts go in
/// separate requests, each signed with its account's credentials.
/// </summary>
public sealed class CloudWatchClient(AwsTransport transport, AwsAccountRouter accounts) : IMetricsSource
{
    public const int MaxQueriesPerRequest = 500;

    /// <summary>CloudWatch's own default: enough that the portal's requests fit in one page.</summary>
    public const int DefaultMaxDatapoints = 100_800;

    private const string Operation = "GetMetricData";

    // A guard against an endpoint handing out NextTokens for ever.
    private const int MaxPagesPerRequest = 1_000;

    private static readonly AwsService Service = AwsService.CloudWatch;

    public Task<IReadOnlyList<MetricSeries>> GetMetricDataAsync(string region, IReadOnlyList<MetricQuery> queries, DateTimeOffset start, DateTimeOffset end,
        CancellationToken ct = default) =>
        GetMetricDataAsync(region, queries, start, end, DefaultMaxDatapoints, ct);

    /// <summary>One series per query, in query order, points oldest first, every page and every 500-query request merged.</summary>
    public async Task<IReadOnlyList<MetricSeries>> GetMetricDataAsync(string region, IReadOnlyList<MetricQuery> queries, DateTimeOffset start,
        DateTimeOffset end, int maxDatapoints, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        if (start >= end) throw new ArgumentException("The start must be before the end.", nameof(start));
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDatapoints, 1);
        // Results are matched to queries by id across pages and requests, so ids must be unique in the whole set.
        var duplicate = queries.GroupBy(q => q.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"The query id '{duplicate.Key}' is used more than once.", nameof(queries));
        foreach (var q in queries)
            if (q.Period <= TimeSpan.Zero || q.Period.Ticks % TimeSpan.TicksPerSecond != 0)
                throw new ArgumentException($"The period of query '{q.Id}' must be a whole number of seconds.", nameof(queries));

        var series = queries.ToDictionary(q => q.Id, _ => new Accumulator(), StringComparer.Ordinal);
        var byAccount = queries.GroupBy(q => accounts.CredentialsFor(Service, region, Operation, ResourceOf(q)));
        foreach (var chunk in byAccount.SelectMany(group => group.Chunk(MaxQueriesPerRequest)))
        {
            var asked = chunk.Select(q => q.Id).ToHashSet(StringComparer.Ordinal);
            string? token = null;
            var pages = 0;
            do
            {
                var page = await GetMetricDataPageAsync(region, chunk, start, end, maxDatapoints, token, ResourceOf(chunk[0]), ct);
                foreach (var result in page.Results)
                {
                    if (!asked.Contains(result.Id) || !series.TryGetValue(result.Id, out var accumulator))
                        throw Unreadable(region, $"MetricDataResults has a result for '{result.Id}', which this request did not ask for.");
                    accumulator.Add(result);
                }
                if (page.NextToken is not null && (page.NextToken == token || ++pages >= MaxPagesPerRequest))
                    throw Unreadable(region, $"NextToken does not move on after {pages} page(s).");
                token = page.NextToken;
            } while (token is not null);

            var missing = chunk.FirstOrDefault(q => !series[q.Id].Seen);
            if (missing is not null) throw Unreadable(region, $"MetricDataResults has no result for the query '{missing.Id}'.");
        }
        return [.. queries.Select(q => series[q.Id].ToSeries(q.Id, q.Scale))];
    }

    /// <summary>One GetMetricData call (at most <see cref="MaxQueriesPerRequest"/> queries), as CloudWatch answers it.</summary>
    /// <param name="resource">What the queries measure (<see cref="ResourceOf"/>): it picks the account's credentials.</param>
    public Task<MetricDataPage> GetMetricDataPageAsync(string region, IReadOnlyList<MetricQuery> queries, DateTimeOffset start, DateTimeOffset end,
        int maxDatapoints, string? nextToken, string? resource = null, CancellationToken ct = default)
    {
        if (queries.Count is 0 or > MaxQueriesPerRequest)
            throw new ArgumentOutOfRangeException(nameof(queries), $"One GetMetricData call takes 1-{MaxQueriesPerRequest} queries (got {queries.Count}).");
        var form = CloudWatchWire.GetMetricDataForm(queries, start, end, maxDatapoints, nextToken);
        var call = new AwsCall(Service, region, Operation, endpoint => new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint, "/"))
        {
            Content = new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded"),
        }, (status, body, _) => AwsXmlErrors.Parse(status, body), resource);
        return transport.CallAsync(call, CloudWatchWire.ParseGetMetricData, ct);
    }

    // The dimensions that name one environment's resource: an App Runner service id, a health check, a table.
    // App Runner's ServiceID, Route 53's HealthCheckId, DynamoDB's TableName, an ALB's LoadBalancer, an ECS ServiceName
    // (its ClusterName, e.g. "default", names no one environment).
    private static readonly string[] ResourceDimensions = ["ServiceID", "HealthCheckId", "TableName", "LoadBalancer", "ServiceName"];

    /// <summary>The resource a query measures, from its dimensions (null when none names one: the portal's own account).</summary>
    public static string? ResourceOf(MetricQuery query) =>
        ResourceDimensions.Select(name => query.Dimensions.FirstOrDefault(d => d.Name == name)?.Value).FirstOrDefault(v => !string.IsNullOrEmpty(v))
        ?? query.Dimensions.FirstOrDefault()?.Value;

    private static AwsResponseException Unreadable(string region, string problem) => new(Service.DisplayName, Operation, region, problem);

    /// <summary>A query's points over every page; complete only when its last page said Complete and none said it failed.</summary>
    private sealed class Accumulator
    {
        private readonly List<MetricPoint> _points = [];
        private MetricDataStatus _last = MetricDataStatus.Complete;
        private bool _failed;

        public bool Seen { get; private set; }

        public void Add(MetricDataResult result)
        {
            Seen = true;
            _points.AddRange(result.Points);
            _last = result.Status;
            _failed |= result.Status is MetricDataStatus.InternalError or MetricDataStatus.Forbidden;
        }

        public MetricSeries ToSeries(string id, double scale) =>
            new(id, [.. _points.OrderBy(p => p.Timestamp).Select(p => p with { Value = p.Value * scale })], _last == MetricDataStatus.Complete && !_failed);
    }
}
