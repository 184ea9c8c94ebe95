using Dapper;

namespace Portal.Data;

/// <summary>
/// The WHERE clause and LIMIT/OFFSET of a list query built from optional filters, so that the count and the page
/// are filtered alike and a null filter leaves its column out (no "@x IS NULL OR", which PostgreSQL cannot type).
/// </summary>
public sealed class SqlFilter
{
    private readonly List<string> _conditions = [];

    public DynamicParameters Parameters { get; } = new();

    /// <summary>" WHERE a = @a AND b = @b", or empty when no filter is set.</summary>
    public string Where => _conditions.Count == 0 ? "" : " WHERE " + string.Join(" AND ", _conditions);

    /// <summary>Adds "<paramref name="column"/> = value" unless <paramref name="value"/> is null.</summary>
    public SqlFilter Equal(string column, string? value)
    {
        if (value is null) return this;
        _conditions.Add($"{column} = @{column}");
        Parameters.Add(column, value);
        return this;
    }

    /// <summary>" LIMIT @Limit OFFSET @Offset" for page <paramref name="page"/> (from 1) of <paramref name="pageSize"/>.</summary>
    /// <param name="query">The query type's name, for the error.</param>
    public string Page(int page, int pageSize, string query)
    {
        if (page < 1) throw new ArgumentOutOfRangeException(nameof(page), page, $"{query}.Page must be 1 or more.");
        if (pageSize is < 1 or > MaxPageSize)
            throw new ArgumentOutOfRangeException(nameof(pageSize), pageSize, $"{query}.PageSize must be between 1 and {MaxPageSize}.");
        Parameters.Add("Limit", pageSize);
        Parameters.Add("Offset", (long)(page - 1) * pageSize);
        return " LIMIT @Limit OFFSET @Offset";
    }

    public const int MaxPageSize = 500;
}
