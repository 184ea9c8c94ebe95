using System.Globalization;
using System.Xml.Linq;
using Portal.LocalCloud.Protocol;
using Portal.LocalCloud.World;
using static Portal.LocalCloud.Route53.Route53Xml;

namespace Portal.LocalCloud.Route53;

/// <summary>
/// Route 53 over REST-XML (API 2013-04-01): health checks and their checker observations, hosted zones,
/// record sets and record changes. Route 53 is global: its control plane is signed for us-east-1 and
/// its outage is a fault of its own, applied by the dispatcher before a request reaches here.
/// </summary>
public sealed class Route53Api(CloudWorld world, ZoneChanges zoneChanges) : IAwsApi
{
    private const string Version = "/2013-04-01";

    public string SigningName => "route53";
    public AwsProtocol Protocol => AwsProtocol.RestXml;
    public string ThrottlingCode => "Throttling";
    public bool Matches(HttpRequest request) => request.Path.StartsWithSegments(Version);

    public Task HandleAsync(ApiRequest request)
    {
        var http = request.Http;
        var segments = Segments(http.Request);
        var query = http.Request.Query;
        // Every id is looked up among the caller's own account's resources: another account's is "no such", as AWS answers.
        var account = request.AccountId;
        XElement response;
        lock (world.Gate)
        {
            response = (http.Request.Method, segments) switch
            {
                ("GET", ["healthcheck"]) => ListHealthChecks(account, query),
                ("GET", ["healthcheck", var id]) => E("GetHealthCheckResponse", HealthCheck(FindHealthCheck(account, id))),
                ("POST", ["healthcheck", var id]) => E("UpdateHealthCheckResponse",
                    HealthCheck(HealthCheckUpdate.Apply(FindHealthCheck(account, id), request.Body))),
                ("GET", ["healthcheck", var id, "status"]) => GetHealthCheckStatus(account, id),
                ("GET", ["hostedzone"]) => ListHostedZones(account, query),
                ("GET", ["hostedzone", var id]) => GetHostedZone(account, id),
                ("GET", ["hostedzone", var id, "rrset"]) => ListResourceRecordSets(account, id, query),
                // The model's path is ".../rrset/", with the slash; LocalCloud takes only what the model documents.
                ("POST", ["hostedzone", var id, "rrset"]) when http.Request.Path.Value!.EndsWith('/') => ChangeResourceRecordSets(account, id, request.Body),
                ("GET", ["change", var id]) => E("GetChangeResponse", ChangeInfo(FindChange(account, id))),
                _ => throw new AwsError("InvalidAction", $"LocalCloud's Route 53 does not support {http.Request.Method} {http.Request.Path}.", 400),
            };
        }
        return WriteAsync(http, response);
    }

    /// <summary>The model's operation name for a request, so throttling and the call counts go by operation.</summary>
    public string? OperationOf(HttpRequest request) => (request.Method, Segments(request)) switch
    {
        ("GET", ["healthcheck"]) => "ListHealthChecks",
        ("GET", ["healthcheck", _]) => "GetHealthCheck",
        ("POST", ["healthcheck", _]) => "UpdateHealthCheck",
        ("GET", ["healthcheck", _, "status"]) => "GetHealthCheckStatus",
        ("GET", ["healthcheck", _, "lastfailurereason"]) => "GetHealthCheckLastFailureReason",
        ("GET", ["hostedzone"]) => "ListHostedZones",
        ("GET", ["hostedzone", _]) => "GetHostedZone",
        ("GET", ["hostedzone", _, "rrset"]) => "ListResourceRecordSets",
        ("POST", ["hostedzone", _, "rrset"]) => "ChangeResourceRecordSets",
        ("GET", ["change", _]) => "GetChange",
        _ => null,
    };

    // Segments are unescaped one by one because Kestrel leaves %2F in the path: an SDK that does not strip
    // "/hostedzone/" sends the id as one encoded segment.
    private static string[] Segments(HttpRequest request) =>
        (request.Path.Value ?? "")[Version.Length..].Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();

    private XElement ListHealthChecks(string account, IQueryCollection query)
    {
        var checks = world.HealthChecks.Where(h => h.AccountId == account).ToList();
        var max = MaxItems(query, 100, 1000);
        var marker = query["marker"].ToString();
        var start = 0;
        if (marker.Length > 0)
        {
            start = checks.FindIndex(h => h.Id == marker);
            if (start < 0) throw new AwsError("InvalidInput", $"The marker {marker} is not a valid health check id.");
        }
        var page = checks.Skip(start).Take(max).ToList();
        var truncated = start + max < checks.Count;
        return E("ListHealthChecksResponse",
            E("HealthChecks", page.Select(HealthCheck)),
            E("Marker", marker),
            E("IsTruncated", Bool(truncated)),
            truncated ? E("NextMarker", checks[start + max].Id) : null,
            E("MaxItems", max));
    }

    private XElement GetHealthCheckStatus(string account, string id)
    {
        var check = FindHealthCheck(account, id);
        return E("GetHealthCheckStatusResponse", E("HealthCheckObservations", check.Checkers.Select(Observation)));
    }

    private XElement ListHostedZones(string account, IQueryCollection query)
    {
        var zones = world.HostedZones.Where(z => z.AccountId == account).ToList();
        var max = MaxItems(query, 100, 100);
        var marker = query["marker"].ToString();
        var start = 0;
        if (marker.Length > 0)
        {
            start = zones.FindIndex(z => z.Id == Route53Ids.Bare(marker, Route53Ids.HostedZonePrefix));
            if (start < 0) throw new AwsError("InvalidInput", $"The marker {marker} is not a valid hosted zone id.");
        }
        var truncated = start + max < zones.Count;
        return E("ListHostedZonesResponse",
            E("HostedZones", zones.Skip(start).Take(max).Select(HostedZone)),
            E("Marker", marker),
            E("IsTruncated", Bool(truncated)),
            truncated ? E("NextMarker", zones[start + max].Id) : null,
            E("MaxItems", max));
    }

    private XElement GetHostedZone(string account, string id)
    {
        var zone = FindZone(account, id);
        return E("GetHostedZoneResponse",
            HostedZone(zone),
            E("DelegationSet", E("NameServers",
                E("NameServer", "ns-1536.awsdns-00.co.uk"), E("NameServer", "ns-0.awsdns-00.com"),
                E("NameServer", "ns-1024.awsdns-00.org"), E("NameServer", "ns-512.awsdns-00.net"))));
    }

    private XElement ListResourceRecordSets(string account, string zoneId, IQueryCollection query)
    {
        var zone = FindZone(account, zoneId);
        var max = MaxItems(query, 300, 300);
        string? name = NonEmpty(query["name"]), type = NonEmpty(query["type"]), identifier = NonEmpty(query["identifier"]);
        if (type is not null && name is null) throw new AwsError("InvalidInput", "The input is not valid: you specified a type without a name.");
        if (identifier is not null && type is null) throw new AwsError("InvalidInput",
            "The input is not valid: you specified an identifier without a name and type.");

        var ordered = zone.Records.OrderBy(r => r, RecordOrder.Instance).ToList();
        var start = name is null ? 0 : ordered.FindIndex(r => RecordOrder.Compare(r.Name, r.Type, r.SetIdentifier, name, type, identifier) >= 0);
        if (start < 0) start = ordered.Count;
        var page = ordered.Skip(start).Take(max).ToList();
        var next = start + max < ordered.Count ? ordered[start + max] : null;
        return E("ListResourceRecordSetsResponse",
            E("ResourceRecordSets", page.Select(RecordSet)),
            E("IsTruncated", Bool(next is not null)),
            next is null ? null : E("NextRecordName", next.Name),
            next is null ? null : E("NextRecordType", next.Type),
            next?.SetIdentifier is null ? null : E("NextRecordIdentifier", next.SetIdentifier),
            E("MaxItems", max));
    }

    private XElement ChangeResourceRecordSets(string account, string zoneId, byte[] body)
    {
        var zone = FindZone(account, zoneId);
        var (comment, changes) = ChangeBatchReader.Read(body);
        var change = zoneChanges.Submit(zone, comment, changes);
        return E("ChangeResourceRecordSetsResponse", ChangeInfo(change));
    }

    private HealthCheck FindHealthCheck(string account, string id) =>
        world.HealthChecks.FirstOrDefault(h => h.Id == id && h.AccountId == account)
        ?? throw new AwsError("NoSuchHealthCheck", $"A health check with id {id} does not exist.", 404);

    private HostedZone FindZone(string account, string id)
    {
        var bare = Route53Ids.Bare(id, Route53Ids.HostedZonePrefix);
        return world.HostedZones.FirstOrDefault(z => z.Id == bare && z.AccountId == account)
            ?? throw new AwsError("NoSuchHostedZone", $"No hosted zone found with ID: {bare}", 404);
    }

    private RecordChange FindChange(string account, string id)
    {
        var bare = Route53Ids.Bare(id, Route53Ids.ChangePrefix);
        return world.HostedZones.Where(z => z.AccountId == account).Select(z => z.Changes.GetValueOrDefault(bare)).FirstOrDefault(c => c is not null)
            ?? throw new AwsError("NoSuchChange", $"A change with the specified change ID {bare} does not exist.", 404);
    }

    /// <summary>Route 53 takes MaxItems as a string and quietly caps it at the operation's maximum.</summary>
    private static int MaxItems(IQueryCollection query, int fallback, int cap)
    {
        var text = query["maxitems"].ToString();
        if (text.Length == 0) return fallback;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
            throw new AwsError("InvalidInput", $"1 validation error detected: Value '{text}' at 'maxItems' failed to satisfy constraint: Member must be a " +
                $"positive integer");
        return Math.Min(n, cap);
    }

    private static string? NonEmpty(Microsoft.Extensions.Primitives.StringValues value) => value.Count == 0 || value.ToString().Length == 0
        ? null : value.ToString();
}
