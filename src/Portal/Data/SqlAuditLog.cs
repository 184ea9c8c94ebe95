using Dapper;
using Portal.Core.Audit;
using Portal.Core.Text;

namespace Portal.Data;

/// <summary>
/// The audit trail, kept in the portal's database and written to the structured log as well (log shippers and
/// people tailing the console see every event as it happens). Entries carry no credentials by construction (see
/// <see cref="AuditEvent"/>).
/// </summary>
public sealed class SqlAuditLog(PortalDatabase database, ILogger<SqlAuditLog> logger) : IAuditLog
{
    /// <summary>A detail holds several bounded values and the reasons around them; a whole entry stays a few lines.</summary>
    public const int MaxDetailLength = 1000;

    public async ValueTask RecordAsync(AuditEvent entry, CancellationToken ct = default)
    {
        // Actor, target and detail can carry what a client sent (a claimed user name, a URL's environment): bounded and
        // escaped once here, for the log line and the row alike, so no input forges a line or fills the audit page.
        entry = entry with
        {
            Actor = UntrustedText.Bound(entry.Actor),
            SourceAddress = entry.SourceAddress is null ? null : UntrustedText.Bound(entry.SourceAddress),
            Target = entry.Target is null ? null : UntrustedText.Bound(entry.Target),
            Detail = entry.Detail is null ? null : UntrustedText.Bound(entry.Detail, MaxDetailLength),
        };
        // Logged first: if the database cannot take the row, the event is still on record somewhere.
        logger.LogInformation("Audit: {Action} {Outcome} for {Actor} from {SourceAddress} target {Target} ({Detail})",
            entry.Action, entry.Outcome, entry.Actor, entry.SourceAddress ?? "unknown", entry.Target ?? "-", entry.Detail ?? "");
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(Sql.Command(
            "INSERT INTO audit_events (at, actor, action, outcome, source_address, target, detail) " +
            "VALUES (@At, @Actor, @Action, @Outcome, @SourceAddress, @Target, @Detail)",
            new { At = DbTime.ToDb(entry.At), entry.Actor, entry.Action, entry.Outcome, entry.SourceAddress, entry.Target, entry.Detail }, ct));
    }

    public async Task<IReadOnlyList<AuditEvent>> QueryAsync(AuditQuery query, CancellationToken ct = default)
    {
        var filter = new SqlFilter().Equal("actor", query.Actor).Equal("action", query.Action).Equal("target", query.Target);
        var page = filter.Page(query.Page, query.PageSize, nameof(AuditQuery));
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<Row>(Sql.Command(
            "SELECT at AS At, actor AS Actor, action AS Action, outcome AS Outcome, source_address AS SourceAddress, target AS Target, detail AS Detail " +
            $"FROM audit_events{filter.Where} ORDER BY at DESC, id DESC{page}", filter.Parameters, ct));
        return [.. rows.Select(r => new AuditEvent(DbTime.FromDb(r.At), r.Actor, r.Action, r.Outcome, r.SourceAddress, r.Target, r.Detail))];
    }

    private sealed class Row
    {
        public long At { get; set; }
        public string Actor { get; set; } = "";
        public string Action { get; set; } = "";
        public string Outcome { get; set; } = "";
        public string? SourceAddress { get; set; }
        public string? Target { get; set; }
        public string? Detail { get; set; }
    }
}
