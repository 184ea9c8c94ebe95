using Portal.Data;

namespace Portal.Tests.Data;

/// <summary>
/// Empty storage for one test, of one provider. Each <see cref="Open"/> is a new <see cref="PortalDatabase"/> on the
/// same storage, which to the stores is another portal process: its own pool, its own first-use schema creation.
/// </summary>
public abstract class TestDatabase : IAsyncLifetime
{
    private readonly List<PortalDatabase> _opened = [];

    public PortalDatabase Open()
    {
        var database = Create();
        lock (_opened) _opened.Add(database);
        return database;
    }

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var database in _opened) await database.DisposeAsync();
    }

    protected abstract PortalDatabase Create();
}

/// <summary>A clock the test moves: stored times can be compared exactly, and no test waits for real time.</summary>
public sealed class TestClock : TimeProvider
{
    public DateTimeOffset Now { get; private set; } = new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero).AddTicks(1_234_567);

    public override DateTimeOffset GetUtcNow() => Now;

    public DateTimeOffset Advance(TimeSpan by) => Now += by;
}
