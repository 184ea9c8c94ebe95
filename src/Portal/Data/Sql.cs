using Dapper;

namespace Portal.Data;

internal static class Sql
{
    /// <summary>A Dapper command that honours <paramref name="ct"/> (Dapper's plain overloads take no token).</summary>
    public static CommandDefinition Command(string text, object? parameters, CancellationToken ct) =>
        new(text, parameters, cancellationToken: ct);
}
