using System.Security.Cryptography;
using Dapper;
using Microsoft.AspNetCore.WebUtilities;

namespace Portal.Data;

/// <summary>
/// Server-side sessions behind the portal's cookie: a row per sign-in, live while it is neither revoked nor past
/// its expiry. The id is random (the cookie is encrypted as well, but a guessable id would make one forgery enough).
/// </summary>
public sealed class SqlSessionStore(PortalDatabase database)
{
    public async Task<string> CreateAsync(string user, DateTimeOffset now, DateTimeOffset expires, CancellationToken ct = default)
    {
        var id = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(24));
        await using var connection = await database.OpenAsync(ct);
        // Sign-ins are rare next to requests: a good moment to drop the rows that can no longer let anyone in.
        await connection.ExecuteAsync(Sql.Command("DELETE FROM sessions WHERE expires_at <= @Now", new { Now = DbTime.ToDb(now) }, ct));
        await connection.ExecuteAsync(Sql.Command(
            "INSERT INTO sessions (id, user_name, created_at, expires_at) VALUES (@Id, @User, @Created, @Expires)",
            new { Id = id, User = user, Created = DbTime.ToDb(now), Expires = DbTime.ToDb(expires) }, ct));
        return id;
    }

    /// <summary>True when the session exists, is not revoked and has not expired at <paramref name="now"/>.</summary>
    public async Task<bool> IsLiveAsync(string id, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(Sql.Command(
            "SELECT COUNT(*) FROM sessions WHERE id = @Id AND revoked_at IS NULL AND expires_at > @Now",
            new { Id = id, Now = DbTime.ToDb(now) }, ct)) > 0;
    }

    /// <summary>A sliding cookie was renewed: its session lives as long as the new cookie.</summary>
    public async Task ExtendAsync(string id, DateTimeOffset expires, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(Sql.Command(
            "UPDATE sessions SET expires_at = @Expires WHERE id = @Id AND revoked_at IS NULL AND expires_at < @Expires",
            new { Id = id, Expires = DbTime.ToDb(expires) }, ct));
    }

    public async Task RevokeAsync(string id, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(Sql.Command(
            "UPDATE sessions SET revoked_at = @Now WHERE id = @Id AND revoked_at IS NULL", new { Id = id, Now = DbTime.ToDb(now) }, ct));
    }

    /// <summary>Revokes every live session of <paramref name="user"/>; returns their ids (each instance's cache drops those it holds).</summary>
    public async Task<IReadOnlyList<string>> RevokeAllAsync(string user, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var ids = await connection.QueryAsync<string>(Sql.Command(
            "UPDATE sessions SET revoked_at = @Now WHERE user_name = @User AND revoked_at IS NULL AND expires_at > @Now RETURNING id",
            new { User = user, Now = DbTime.ToDb(now) }, ct));
        return [.. ids];
    }
}
