namespace Portal.Tests.Data;

/// <summary>
/// The base of the store contract tests: each test gets empty storage of <typeparamref name="TDatabase"/>'s provider
/// and a clock it moves. A contract is an abstract class of tests, run once per provider by a subclass of each.
/// </summary>
public abstract class DataTests<TDatabase> : IAsyncLifetime where TDatabase : TestDatabase, new()
{
    protected TDatabase Database { get; } = new();

    protected TestClock Clock { get; } = new();

    public Task InitializeAsync() => Database.InitializeAsync();

    public Task DisposeAsync() => Database.DisposeAsync();
}
