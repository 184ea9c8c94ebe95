using Dapper;
using Portal.Data;

namespace Portal.Tests.Data;

/// <summary>The server-side sessions behind the portal's cookie, on either provider.</summary>
public abstract class SessionStoreTests<TDatabase> : DataTests<TDatabase> where TDatabase : TestDatabase, new()
{
    private SqlSessionStore? _store;

    private SqlSessionStore Store => _store ??= new SqlSessionStore(Database.Open());

    [Fact]
    public async Task A_session_is_live_until_it_expires_or_is_revoked()
    {
        var expiring = await Store.CreateAsync("vera", Clock.Now, Clock.Now.AddHours(1));
        var revoked = await Store.CreateAsync("vera", Clock.Now, Clock.Now.AddHours(1));
        Assert.NotEqual(expiring, revoked);
        Assert.True(await Store.IsLiveAsync(expiring, Clock.Now));
        Assert.False(await Store.IsLiveAsync("no-such-session", Clock.Now));

        await Store.RevokeAsync(revoked, Clock.Now);
        Assert.False(await Store.IsLiveAsync(revoked, Clock.Now));
        Assert.True(await Store.IsLiveAsync(expiring, Clock.Now.AddMinutes(59)));
        Assert.False(await Store.IsLiveAsync(expiring, Clock.Now.AddHours(1)));
    }

    [Fact]
    public async Task Extending_moves_the_expiry_later_and_never_revives_a_revoked_session()
    {
        var id = await Store.CreateAsync("vera", Clock.Now, Clock.Now.AddHours(1));
        await Store.ExtendAsync(id, Clock.Now.AddHours(2));
        Assert.True(await Store.IsLiveAsync(id, Clock.Now.AddMinutes(90)));

        await Store.RevokeAsync(id, Clock.Now);
        await Store.ExtendAsync(id, Clock.Now.AddHours(3));
        Assert.False(await Store.IsLiveAsync(id, Clock.Now));
    }

    [Fact]
    public async Task A_sign_in_drops_the_rows_of_expired_sessions_and_keeps_the_rest()
    {
        await Store.CreateAsync("vera", Clock.Now, Clock.Now.AddHours(1));
        var revoked = await Store.CreateAsync("vera", Clock.Now, Clock.Now.AddHours(3));
        await Store.RevokeAsync(revoked, Clock.Now);
        var live = await Store.CreateAsync("olga", Clock.Now, Clock.Now.AddHours(3));

        Clock.Advance(TimeSpan.FromHours(2));
        var fresh = await Store.CreateAsync("ana", Clock.Now, Clock.Now.AddHours(1));

        await using var connection = await Database.Open().OpenAsync();
        var ids = await connection.QueryAsync<string>("SELECT id FROM sessions");
        Assert.Equal(new[] { revoked, live, fresh }.Order(StringComparer.Ordinal), ids.Order(StringComparer.Ordinal));
        Assert.False(await Store.IsLiveAsync(revoked, Clock.Now));
        Assert.True(await Store.IsLiveAsync(live, Clock.Now));
    }

    [Fact]
    public async Task Revoking_all_ends_every_live_session_of_that_user_only_and_a_second_store_sees_it()
    {
        var first = await Store.CreateAsync("vera", Clock.Now, Clock.Now.AddHours(1));
        var second = await Store.CreateAsync("vera", Clock.Now, Clock.Now.AddHours(1));
        var other = await Store.CreateAsync("olga", Clock.Now, Clock.Now.AddHours(1));

        var ended = await Store.RevokeAllAsync("vera", Clock.Now);

        Assert.Equal(new[] { first, second }.Order(StringComparer.Ordinal), ended.Order(StringComparer.Ordinal));
        var elsewhere = new SqlSessionStore(Database.Open());
        Assert.False(await elsewhere.IsLiveAsync(first, Clock.Now));
        Assert.False(await elsewhere.IsLiveAsync(second, Clock.Now));
        Assert.True(await elsewhere.IsLiveAsync(other, Clock.Now));
        Assert.Empty(await Store.RevokeAllAsync("vera", Clock.Now));
    }
}

public sealed class SqliteSessionStoreTests : SessionStoreTests<SqliteTestDatabase>;

public sealed class PostgresSessionStoreTests : SessionStoreTests<PostgresTestDatabase>;
