using Portal.LocalCloud.Protocol;
using Portal.LocalCloud.World;

namespace Portal.LocalCloud.Route53;

/// <summary>
/// Applies a change batch to a hosted zone as one transaction (every change validated before any is
/// applied), then lets it propagate: PENDING for about a minute of AWS time, then INSYNC. While a change
/// is PENDING the zone refuses another with PriorRequestNotComplete, which is what the portal must handle.
/// Records change at once, as on Route 53's authoritative servers; INSYNC only says every server has it.
/// </summary>
public sealed class ZoneChanges(CloudWorld world, SimClock clock, SimTasks tasks)
{
    public const string Pending = "PENDING";
    public const string InSync = "INSYNC";

    /// <summary>AWS typically reports INSYNC within 60 seconds.</summary>
    public static readonly TimeSpan PropagationTime = TimeSpan.FromSeconds(60);

    private static readonly HashSet<string> RecordTypes = new(StringComparer.Ordinal)
    {
        "A", "AAAA", "CAA", "CNAME", "DS", "MX", "NAPTR", "NS", "PTR", "SOA", "SPF", "SRV", "TXT",
    };

    // Keeps a day of demo changes answerable by GetChange without growing for ever.
    private const int ChangesKeptPerZone = 500;

    /// <summary>Validates and applies <paramref name="changes"/>; call under <see cref="CloudWorld.Gate"/>.</summary>
    public RecordChange Submit(HostedZone zone, string? comment, IReadOnlyList<RequestedChange> changes)
    {
        if (zone.Changes.Values.Any(c => c.Status == Pending))
            throw new AwsError("PriorRequestNotComplete", "The request was rejected because Route 53 was still processing a prior request.", 400);

        foreach (var change in changes) ValidateShape(zone, change);
        var messages = new List<string>();
        var after = zone.Records.ToList();
        var touched = new HashSet<(string, string, string?)>();
        foreach (var change in changes)
        {
            var key = (change.Name.ToLowerInvariant(), change.Type, change.SetIdentifier);
            if (!touched.Add(key))
            {
                messages.Add($"The request contains more than one change for resource record set [name='{change.Name}', type='{change.Type}'{SetId(change)}]");
                continue;
            }
            var existing = after.FirstOrDefault(r => Same(r, change));
            switch (change.Action)
            {
                case "CREATE" when existing is not null:
                    messages.Add($"Tried to create resource record set [name='{change.Name}', type='{change.Type}'{SetId(change)}] but it already exists");
                    break;
                case "DELETE" when existing is null:
                    messages.Add($"Tried to delete resource record set [name='{change.Name}', type='{change.Type}'{SetId(change)}] but it was not found");
                    break;
                case "DELETE" when !Matches(existing!, change):
                    messages.Add($"Tried to delete resource record set [name='{change.Name}', type='{change.Type}'{SetId(change)}] but the values provided " +
                        $"do not match the current values");
                    break;
                case "DELETE":
                    after.Remove(existing!);
                    break;
                default:
                    if (existing is not null) after.Remove(existing);
                    after.Add(ToRecord(change));
                    break;
            }
        }
        messages.AddRange(Conflicts(zone, after));
        if (messages.Count > 0) throw new AwsError("InvalidChangeBatch", "[" + string.Join(", ", messages) + "]", 400);

        // Update records in place where they exist, so readers holding a record see the new weight.
        foreach (var change in changes)
        {
            var existing = zone.Records.FirstOrDefault(r => Same(r, change));
            if (change.Action == "DELETE") { zone.Records.Remove(existing!); continue; }
            if (existing is null) { zone.Records.Add(ToRecord(change)); continue; }
            existing.Weight = change.Weight;
            existing.Ttl = change.Ttl ?? existing.Ttl;
            existing.Values = [.. change.Values ?? []];
            existing.HealthCheckId = change.HealthCheckId;
        }

        var recorded = new RecordChange { Id = Route53Ids.NewChangeId(), SubmittedAt = clock.Now, Comment = comment };
        zone.Changes[recorded.Id] = recorded;
        Prune(zone);
        tasks.Run($"route53 change {recorded.Id}", async ct =>
        {
            await clock.Delay(PropagationTime, ct);
            lock (world.Gate) recorded.Status = InSync;
        });
        return recorded;
    }

    private void ValidateShape(HostedZone zone, RequestedChange change)
    {
        var prefix = $"changeBatch.changes.{change.Index}.member";
        if (change.Action is not ("CREATE" or "DELETE" or "UPSERT"))
            throw new AwsError("InvalidInput", $"1 validation error detected: Value '{change.Action}' at '{prefix}.action' failed to satisfy constraint: " +
                $"Member must satisfy enum value set: [CREATE, DELETE, UPSERT]");
        if (!RecordTypes.Contains(change.Type))
            throw new AwsError("InvalidInput", $"1 validation error detected: Value '{change.Type}' at '{prefix}.resourceRecordSet.type' failed to satisfy " +
                $"constraint: Member must satisfy enum value set: [{string.Join(", ", RecordTypes)}]");
        if (change.Weight is < 0 or > 255)
            throw new AwsError("InvalidInput", $"1 validation error detected: Value '{change.Weight}' at '{prefix}.resourceRecordSet.weight' failed to " +
                $"satisfy constraint: Member must have value {(change.Weight < 0 ? "greater than or equal to 0" : "less than or equal to 255")}");
        if (change.Ttl is < 0 or > int.MaxValue)
            throw new AwsError("InvalidInput", $"1 validation error detected: Value '{change.Ttl}' at '{prefix}.resourceRecordSet.tTL' failed to satisfy " +
                $"constraint: Member must have value between 0 and 2147483647");
        if (change.SetIdentifier is not null && change.Weight is null)
            throw new AwsError("InvalidInput", $"Invalid request: Missing field 'Weight' in Change with {change.Describe()}");
        if (change.Weight is not null && change.SetIdentifier is null)
            throw new AwsError("InvalidInput", $"Invalid request: Missing field 'SetIdentifier' in Change with {change.Describe()}");
        if (change.HasAliasTarget || change.Ttl is null || change.Values is null || change.Values.Count == 0)
            throw new AwsError("InvalidInput", $"Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], or " +
                $"TrafficPolicyInstanceId], but found none in Change with {change.Describe()}");
        if (change.HealthCheckId is not null && !world.HealthChecks.Any(h => h.Id == change.HealthCheckId && h.AccountId == zone.AccountId))
            throw new AwsError("NoSuchHealthCheck", $"A health check with id {change.HealthCheckId} does not exist.", 404);
        if (!InZone(zone, change.Name))
            throw new AwsError("InvalidChangeBatch", $"[RRSet with DNS name {change.Name} is not permitted in zone {zone.Name}]", 400);
        if (change.Type == "CNAME" && change.Values.Count > 1)
            throw new AwsError("InvalidChangeBatch", $"[RRSet of type CNAME with DNS name {change.Name} is not permitted because it contains more than one " +
                $"value]", 400);
    }

    private static IEnumerable<string> Conflicts(HostedZone zone, List<ResourceRecordSet> after)
    {
        foreach (var group in after.GroupBy(r => Normalize(r.Name)))
        {
            var name = group.First().Name;
            if (group.Any(r => r.Type == "CNAME") && group.Any(r => r.Type != "CNAME"))
                yield return $"RRSet of type CNAME with DNS name {name} is not permitted as it conflicts with other records with the same DNS name in zone " +
                    $"{zone.Name}";
            foreach (var sameType in group.GroupBy(r => r.Type))
                if (sameType.Any(r => r.SetIdentifier is null) && sameType.Count() > 1)
                    yield return $"RRSet with DNS name {name}, type {sameType.Key} cannot mix weighted and non-weighted sets with the same name and type";
        }
    }

    private static void Prune(HostedZone zone)
    {
        if (zone.Changes.Count <= ChangesKeptPerZone) return;
        foreach (var old in zone.Changes.Values.Where(c => c.Status == InSync).OrderBy(c => c.SubmittedAt).Take(zone.Changes.Count - ChangesKeptPerZone)
            .ToList())
            zone.Changes.Remove(old.Id);
    }

    private static ResourceRecordSet ToRecord(RequestedChange change) => new()
    {
        Name = Normalize(change.Name),
        Type = change.Type,
        SetIdentifier = change.SetIdentifier,
        Weight = change.Weight,
        HealthCheckId = change.HealthCheckId,
        Ttl = change.Ttl ?? 300,
        Values = [.. change.Values ?? []],
    };

    private static bool Same(ResourceRecordSet record, RequestedChange change) =>
        Normalize(record.Name) == Normalize(change.Name) && record.Type == change.Type && record.SetIdentifier == change.SetIdentifier;

    private static bool Matches(ResourceRecordSet record, RequestedChange change) =>
        record.Weight == change.Weight && record.Ttl == change.Ttl && record.HealthCheckId == change.HealthCheckId
        && record.Values.SequenceEqual(change.Values ?? []);

    private static string SetId(RequestedChange change) => change.SetIdentifier is null ? "" : $", set-identifier='{change.SetIdentifier}'";

    /// <summary>Route 53 stores names in lower case with the trailing dot, whatever the request sent.</summary>
    public static string Normalize(string name) => name.EndsWith('.') ? name.ToLowerInvariant() : name.ToLowerInvariant() + ".";

    private static bool InZone(HostedZone zone, string name)
    {
        var n = Normalize(name);
        var z = Normalize(zone.Name);
        return n == z || n.EndsWith("." + z, StringComparison.Ordinal);
    }
}
