using Microsoft.Extensions.Logging;
using Portal.Core.Audit;
using Portal.Data;
using Portal.Tests.Security;

namespace Portal.Tests.Data;

/// <summary>The persisted audit trail, on either provider.</summary>
public abstract class AuditLogTests<TDatabase> : DataTests<TDatabase> where TDatabase : TestDatabase, new()
{
    private readonly LogRecorder _logs = new();
    private SqlAuditLog? _audit;

    private SqlAuditLog Audit => _audit ??= new SqlAuditLog(Database.Open(), LoggerFactory.Create(b => b.AddProvider(_logs)).CreateLogger<SqlAuditLog>());

    private AuditEvent Event(string actor, string action, string? target = null, TimeSpan? ago = null) =>
        new(Clock.Now - (ago ?? TimeSpan.Zero), actor, action, AuditOutcomes.Succeeded, "10.0.0.7", target);

    [Fact]
    public async Task An_event_reads_back_exactly_and_is_written_to_the_log_too()
    {
        var entry = new AuditEvent(new DateTimeOffset(2026, 3, 2, 11, 30, 0, TimeSpan.FromHours(2)).AddTicks(7), "vera", AuditActions.SignIn,
            AuditOutcomes.Refused, "192.0.2.10", Target: null, Detail: "wrong password");

        await Audit.RecordAsync(entry);

        Assert.Equal(entry, Assert.Single(await Audit.QueryAsync(new AuditQuery())));
        Assert.Contains(_logs.Entries, l => l.Contains("Audit: sign-in refused for vera from 192.0.2.10 target - (wrong password)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Untrusted_text_is_bounded_and_escaped_in_the_row_and_the_log_line()
    {
        var entry = new AuditEvent(Clock.Now, "vera\r\nAudit: sign-in succeeded for admin", AuditActions.Deploy, AuditOutcomes.Refused, "192.0.2.10",
            Target: "staging", Detail: "'" + new string('x', 1_000_000) + "' is not an image tag");

        await Audit.RecordAsync(entry);

        var stored = Assert.Single(await Audit.QueryAsync(new AuditQuery()));
        Assert.Equal("vera\\r\\nAudit: sign-in succeeded for admin", stored.Actor);
        Assert.EndsWith("… (1000022 characters)", stored.Detail);
        Assert.True(stored.Detail!.Length < SqlAuditLog.MaxDetailLength + 40, $"{stored.Detail.Length} characters kept");
        var line = Assert.Single(_logs.Entries, l => l.Contains("Audit: deploy refused", StringComparison.Ordinal));
        Assert.DoesNotContain('\n', line);
        // The recorder writes the message and then each structured value: the detail twice, each bounded.
        Assert.True(line.Length < 3 * SqlAuditLog.MaxDetailLength, $"a {line.Length}-character log line");
    }

    [Fact]
    public async Task Events_are_newest_first_by_time_then_by_arrival()
    {
        var late = Event("ana", AuditActions.Deploy);
        var early = Event("ana", AuditActions.Deploy, ago: TimeSpan.FromMinutes(5));
        var sameTimeLater = Event("bob", AuditActions.Deploy);
        foreach (var entry in new[] { late, early, sameTimeLater }) await Audit.RecordAsync(entry);

        Assert.Equal([sameTimeLater, late, early], await Audit.QueryAsync(new AuditQuery()));
    }

    [Fact]
    public async Task Events_filter_by_actor_action_and_target_and_page()
    {
        var events = new[]
        {
            Event("ana", AuditActions.Deploy, "staging", TimeSpan.FromMinutes(4)),
            Event("ana", AuditActions.Rebalance, "production", TimeSpan.FromMinutes(3)),
            Event("bob", AuditActions.Deploy, "production", TimeSpan.FromMinutes(2)),
            Event("ana", AuditActions.Deploy, "production", TimeSpan.FromMinutes(1)),
        };
        foreach (var entry in events) await Audit.RecordAsync(entry);

        Assert.Equal([events[3], events[1], events[0]], await Audit.QueryAsync(new AuditQuery(Actor: "ana")));
        Assert.Equal([events[3], events[2], events[0]], await Audit.QueryAsync(new AuditQuery(Action: AuditActions.Deploy)));
        Assert.Equal([events[3], events[2], events[1]], await Audit.QueryAsync(new AuditQuery(Target: "production")));
        Assert.Equal([events[3]], await Audit.QueryAsync(new AuditQuery("ana", AuditActions.Deploy, "production")));
        Assert.Equal([events[1], events[0]], await Audit.QueryAsync(new AuditQuery(Page: 2, PageSize: 2)));
        Assert.Empty(await Audit.QueryAsync(new AuditQuery(Actor: "carol")));
        var tooLarge = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Audit.QueryAsync(new AuditQuery(PageSize: 10_000)));
        Assert.Contains("AuditQuery.PageSize", tooLarge.Message);
    }
}

public sealed class SqliteAuditLogTests : AuditLogTests<SqliteTestDatabase>;

public sealed class PostgresAuditLogTests : AuditLogTests<PostgresTestDatabase>;
