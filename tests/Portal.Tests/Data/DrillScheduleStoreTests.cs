using Portal.Core.Drills;
using Portal.Core.Schedules;
using Portal.Data;

namespace Portal.Tests.Data;

/// <summary>Stored drill schedules and their fires, on either provider.</summary>
public abstract class DrillScheduleStoreTests<TDatabase> : DataTests<TDatabase> where TDatabase : TestDatabase, new()
{
    private PortalDatabase? _database;

    private PortalDatabase Db => _database ??= Database.Open();

    private DrillSchedule Schedule(string id) =>
        new(id, "production", "us-east-2", DrillKind.HealthCheck, TimeSpan.FromMinutes(5), "0 10 ? * TUE#1", "Europe/Berlin", true, Clock.Now, "ana", "ana");

    [Fact]
    public async Task A_drill_schedule_reads_back_with_every_field_and_saving_its_id_again_replaces_it()
    {
        var store = new SqlDrillScheduleStore(Db);
        var schedule = Schedule("d-1");
        await store.SaveAsync(schedule);

        Assert.Equal(schedule, await store.GetAsync("d-1"));
        var edited = schedule with
        {
            Kind = DrillKind.Evacuate, Hold = null, Enabled = false, ConfirmedBy = null, UpdatedAt = Clock.Advance(TimeSpan.FromDays(1)),
        };
        await store.SaveAsync(edited);

        Assert.Equal([edited], await store.ListAsync());
        Assert.True(await store.DeleteAsync("d-1"));
        Assert.Null(await store.GetAsync("d-1"));
    }

    [Fact]
    public async Task A_fire_is_recorded_once_and_the_newest_fires_come_first()
    {
        var runs = new SqlDrillScheduleRuns(Db);
        var due = Clock.Now;

        Assert.True(await runs.TryRecordAsync(new DrillScheduleRun("d-1", due, due, DrillRunOutcome.Claimed, null, "claimed")));
        Assert.False(await runs.TryRecordAsync(new DrillScheduleRun("d-1", due, due, DrillRunOutcome.Missed, null, "missed")));
        await runs.UpdateAsync("d-1", due, DrillRunOutcome.Queued, "op-1", "drill: evacuate us-east-2 of production");
        Assert.True(await runs.TryRecordAsync(new DrillScheduleRun("d-1", due.AddDays(28), due.AddDays(28), DrillRunOutcome.Missed, null, "missed")));

        var recent = await runs.RecentAsync("d-1", 5);

        Assert.Equal([(DrillRunOutcome.Missed, (string?)null), (DrillRunOutcome.Queued, "op-1")], recent.Select(r => (r.Outcome, r.OperationId)));
        Assert.Equal(due, recent[1].Due);
        await runs.DeleteAsync("d-1");
        Assert.Empty(await runs.RecentAsync("d-1", 5));
    }
}

public sealed class SqliteDrillScheduleStoreTests : DrillScheduleStoreTests<SqliteTestDatabase>;

public sealed class PostgresDrillScheduleStoreTests : DrillScheduleStoreTests<PostgresTestDatabase>;
