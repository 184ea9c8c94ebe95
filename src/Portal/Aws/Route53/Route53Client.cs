using System.Text;
using Portal.Core.Health;
using Portal.Core.Traffic;

namespace Portal.Aws.Route53;

/// <summary>
/// The Route 53 operations the portal uses, over REST-XML (API 2013-04-01) at the global endpoint, signed
/// for us-east-1 where the control plane lives. Implements the traffic router (weighted records) and the
/// health checks (checker observations, and Inverted for a failover drill).
/// </summary>
public sealed class Route53Client(AwsTransport transport) : ITrafficRouter, IHealthChecks, IHealthCheckControl
{
    // Change id -> hosted zone, so GetChange is signed with the zone's account's credentials.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _changeZones = new(StringComparer.Ordinal);

    /// <summary>Route 53's API is global and lives in us-east-1; errors and logs name that region.</summary>
    public const string ControlPlaneRegion = "us-east-1";

    // A guard against an endpoint that keeps answering IsTruncated: one name has a handful of records.
    private const int MaxPages = 50;
    private const int MaxCommentLength = 256;
    private const string Version = "/2013-04-01";

    private static readonly AwsService Service = AwsService.Route53;

    /// <summary>
    /// True when <paramref name="error"/> says Route 53's control plane (its API) is failing: 5xx after retries
    /// or no answer. Health checks and DNS go on during such an outage; only planned changes are blocked.
    /// </summary>
    public static bool IsControlPlaneFailure(Exception error) =>
        error is AwsException { IsServiceFailure: true } aws && aws.Service == Service.DisplayName;

    public Task<HealthCheckStatus> GetStatusAsync(string healthCheckId, CancellationToken ct = default) => GetHealthCheckStatusAsync(healthCheckId, ct);

    /// <summary>GetHealthCheckStatus: every checker's last observation. Not for high query rates: call it from one shared poller.</summary>
    public Task<HealthCheckStatus> GetHealthCheckStatusAsync(string healthCheckId, CancellationToken ct = default)
    {
        var id = Route53Wire.BareId(healthCheckId, Route53Wire.HealthCheckPrefix);
        return Call("GetHealthCheckStatus", id, HttpMethod.Get, $"{Version}/healthcheck/{Uri.EscapeDataString(id)}/status", null,
            body => Route53Wire.ParseHealthCheckStatus(body, id), ct);
    }

    public Task<bool> IsInvertedAsync(string healthCheckId, CancellationToken ct = default)
    {
        var id = Route53Wire.BareId(healthCheckId, Route53Wire.HealthCheckPrefix);
        return Call("GetHealthCheck", id, HttpMethod.Get, $"{Version}/healthcheck/{Uri.EscapeDataString(id)}", null,
            body => HealthCheckWire.ParseInverted(body, "GetHealthCheckResponse"), ct);
    }

    public async Task SetInvertedAsync(string healthCheckId, bool inverted, CancellationToken ct = default)
    {
        var id = Route53Wire.BareId(healthCheckId, Route53Wire.HealthCheckPrefix);
        var now = await Call("UpdateHealthCheck", id, HttpMethod.Post, $"{Version}/healthcheck/{Uri.EscapeDataString(id)}",
            HealthCheckWire.InvertRequest(inverted),
            body => HealthCheckWire.ParseInverted(body, "UpdateHealthCheckResponse"), ct);
        if (now != inverted)
            throw new AwsResponseException(Service.DisplayName, "UpdateHealthCheck", ControlPlaneRegion, $"the answer says Inverted is {now}, not {inverted}.");
    }

    /// <summary>One page of ListResourceRecordSets starting at (<paramref name="name"/>, <paramref name="type"/>, <paramref name="identifier"/>).</summary>
    public Task<RecordSetPage> ListResourceRecordSetsAsync(string hostedZoneId, string? name = null, string? type = null, string? identifier = null,
        int? maxItems = null, CancellationToken ct = default)
    {
        var zone = Route53Wire.BareId(hostedZoneId, Route53Wire.HostedZonePrefix);
        var query = new List<string>();
        if (name is not null) query.Add("name=" + Uri.EscapeDataString(name));
        if (type is not null) query.Add("type=" + Uri.EscapeDataString(type));
        if (identifier is not null) query.Add("identifier=" + Uri.EscapeDataString(identifier));
        if (maxItems is not null) query.Add("maxitems=" + maxItems.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var path = $"{Version}/hostedzone/{Uri.EscapeDataString(zone)}/rrset" + (query.Count == 0 ? "" : "?" + string.Join('&', query));
        return Call("ListResourceRecordSets", zone, HttpMethod.Get, path, null, Route53Wire.ParseRecordSets, ct);
    }

    public Task<IReadOnlyList<WeightedRecord>> GetWeightedRecordsAsync(string hostedZoneId, string recordName, CancellationToken ct = default) =>
        GetWeightedRecordsAsync(hostedZoneId, recordName, pageSize: null, ct);

    /// <summary>Every weighted record named <paramref name="recordName"/>, following pages (of <paramref name="pageSize"/>, Route 53's default 300 when null)
    /// until the listing has passed that name.</summary>
    public async Task<IReadOnlyList<WeightedRecord>> GetWeightedRecordsAsync(string hostedZoneId, string recordName, int? pageSize,
        CancellationToken ct = default)
    {
        var wanted = Route53Wire.NormalizeName(recordName);
        var records = new List<WeightedRecord>();
        (string Name, string? Type, string? Identifier) start = (wanted, null, null);
        for (var pages = 1; ; pages++)
        {
            var page = await ListResourceRecordSetsAsync(hostedZoneId, start.Name, start.Type, start.Identifier, pageSize, ct);
            var passed = false;
            foreach (var record in page.Records)
            {
                // The listing is in Route 53's order from the name asked for: the first other name means all of ours were seen.
                if (Route53Wire.NormalizeName(record.Name) != wanted) { passed = true; break; }
                if (record is { SetIdentifier: { } setId, Weight: { } weight })
                    records.Add(new WeightedRecord(setId, weight, record.HealthCheckId, record.Type, record.Ttl, record.Values));
            }
            if (passed || !page.IsTruncated || Route53Wire.NormalizeName(page.NextRecordName!) != wanted) return records;

            (string Name, string? Type, string? Identifier) next = (page.NextRecordName!, page.NextRecordType, page.NextRecordIdentifier);
            if (next == start || pages >= MaxPages)
                throw new AwsResponseException(Service.DisplayName, "ListResourceRecordSets", ControlPlaneRegion,
                    $"the listing of {wanted} does not end (page {pages} points to {next.Name} {next.Type} {next.Identifier}).");
            start = next;
        }
    }

    /// <summary>One change batch that UPSERTs every record with its new weight, keeping name, type, TTL, values and health check.</summary>
    public async Task<RecordChange> SetWeightsAsync(string hostedZoneId, string recordName, IReadOnlyList<WeightedRecord> records, string comment,
        CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(recordName);
        if (records.Count == 0) throw new ArgumentException("A weight change needs at least one record.", nameof(records));
        foreach (var r in records)
        {
            if (string.IsNullOrEmpty(r.SetIdentifier)) throw new ArgumentException("Every weighted record needs its set identifier.", nameof(records));
            if (r.Weight is < 0 or > 255) throw new ArgumentOutOfRangeException(nameof(records),
                $"Weight {r.Weight} of {r.SetIdentifier} is outside Route 53's 0-255.");
            // WeightedRecord does not carry an alias target, so an UPSERT would turn an alias into an empty record.
            if (r.Ttl is null || r.Values.Count == 0)
                throw new ArgumentException($"{r.SetIdentifier} has no TTL or values (an alias record?); only records with values can be re-weighted here.",
                    nameof(records));
        }
        if (records.Select(r => r.SetIdentifier).Distinct(StringComparer.Ordinal).Count() != records.Count)
            throw new ArgumentException("Each set identifier may appear once in a change batch.", nameof(records));
        if (comment.Length > MaxCommentLength) throw new ArgumentException($"Route 53 takes comments of at most {MaxCommentLength} characters.",
            nameof(comment));

        var zone = Route53Wire.BareId(hostedZoneId, Route53Wire.HostedZonePrefix);
        var body = Route53Wire.UpsertBatch(recordName, records, comment);
        var change = await Call("ChangeResourceRecordSets", zone, HttpMethod.Post, $"{Version}/hostedzone/{Uri.EscapeDataString(zone)}/rrset/", body,
            answer => Route53Wire.ParseChangeInfo(answer, "ChangeResourceRecordSetsResponse"), ct);
        _changeZones[Route53Wire.BareId(change.Id, Route53Wire.ChangePrefix)] = zone;
        return change;
    }

    /// <summary>GetChange: PENDING until every Route 53 DNS server has the change, then INSYNC. Takes the id with or without "/change/".</summary>
    public async Task<RecordChange> GetChangeAsync(string changeId, CancellationToken ct = default)
    {
        var id = Route53Wire.BareId(changeId, Route53Wire.ChangePrefix);
        // A change lives in the account of the zone it changed; one this instance did not submit is looked up with
        // the portal's own credentials (another account's change is then NoSuchChange, and the step says so).
        var change = await Call("GetChange", _changeZones.GetValueOrDefault(id) ?? "", HttpMethod.Get, $"{Version}/change/{Uri.EscapeDataString(id)}", null,
            answer => Route53Wire.ParseChangeInfo(answer, "GetChangeResponse"), ct);
        if (change.Status == RecordChangeStatus.InSync) _changeZones.TryRemove(id, out _);
        return change;
    }

    /// <param name="resource">The health check or hosted zone id the call is about: it picks the account's credentials.</param>
    private Task<T> Call<T>(string operation, string resource, HttpMethod method, string pathAndQuery, string? body, Func<string, T> parse,
        CancellationToken ct)
    {
        var call = new AwsCall(Service, ControlPlaneRegion, operation, endpoint =>
        {
            var request = new HttpRequestMessage(method, new Uri(endpoint, pathAndQuery));
            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8);
                request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/xml");
            }
            return request;
        }, (status, answer, _) => AwsXmlErrors.Parse(status, answer), resource);
        return transport.CallAsync(call, parse, ct);
    }
}
