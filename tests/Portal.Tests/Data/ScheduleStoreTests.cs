using Portal.Core.Schedules;
using Portal.Data;

namespace Portal.Tests.Data;

/// <summary>Stored pause schedules, on either provider.</summary>
public abstract class ScheduleStoreTests<TDatabase> : DataTests<TDatabase> where TDatabase : TestDatabase, new()
{
    private SqlScheduleStore? _store;

    private SqlScheduleStore Store => _store ??= new SqlScheduleStore(Database.Open());

    private PauseSchedule Schedule(string id, string environment, string? region = null) =>
        new(id, environment, region, "0 20 * * 1-5", "0 7 * * 1-5", "Europe/Berlin", Enabled: true, Clock.Now, "ana");

    [Fact]
    public async Task A_schedule_reads_back_with_every_field()
    {
        var schedule = Schedule("staging-nights", "staging", "us-east-2") with { Enabled = false };

        await Store.SaveAsync(schedule);

        Assert.Equal(schedule, await Store.GetAsync("staging-nights"));
        Assert.Null(await Store.GetAsync("missing"));
    }

    [Fact]
    public async Task Saving_an_existing_id_replaces_the_schedule()
    {
        await Store.SaveAsync(Schedule("staging-nights", "staging"));
        var edited = Schedule("staging-nights", "staging") with
        {
            PauseCron = "0 0 22 ? * MON-FRI", ResumeCron = "0 0 6 ? * MON-FRI", TimeZone = "America/New_York",
            UpdatedAt = Clock.Advance(TimeSpan.FromDays(1)), UpdatedBy = "bob",
        };

        await Store.SaveAsync(edited);

        Assert.Equal([edited], await Store.ListAsync());
    }

    [Fact]
    public async Task Schedules_are_listed_by_environment_then_id()
    {
        var schedules = new[] { Schedule("b", "staging"), Schedule("z", "production"), Schedule("a", "staging"), Schedule("c", "qa") };
        foreach (var schedule in schedules) await Store.SaveAsync(schedule);

        Assert.Equal(["z", "c", "a", "b"], (await Store.ListAsync()).Select(s => s.Id));
    }

    [Fact]
    public async Task Deleting_says_whether_there_was_a_schedule()
    {
        await Store.SaveAsync(Schedule("staging-nights", "staging"));

        Assert.True(await Store.DeleteAsync("staging-nights"));
        Assert.False(await Store.DeleteAsync("staging-nights"));
        Assert.Empty(await Store.ListAsync());
    }
}

public sealed class SqliteScheduleStoreTests : ScheduleStoreTests<SqliteTestDatabase>;

public sealed class PostgresScheduleStoreTests : ScheduleStoreTests<PostgresTestDatabase>;
