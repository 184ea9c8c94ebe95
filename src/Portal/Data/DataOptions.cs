namespace Portal.Data;

/// <summary>
/// Where the portal keeps its own records (operations, steps, audit, schedules) and Quartz its jobs (Portal:Data).
/// Embedded default: SQLite files in <see cref="Directory"/>, surviving restarts. Shared: PostgreSQL, so several
/// portal instances see one set of records and run each job once (Quartz clustering).
/// </summary>
public sealed class DataOptions
{
    public const string Section = "Portal:Data";

    public DataProvider Provider { get; set; } = DataProvider.Sqlite;

    /// <summary>For SQLite: the folder of portal.db and quartz.db. Default: ~/.local/share/portal (LocalApplicationData).</summary>
    public string? Directory { get; set; }

    /// <summary>For PostgreSQL: an Npgsql connection string. Records and Quartz tables share the database.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Quartz instance id in a cluster; default: host name plus a unique suffix (Quartz's AUTO).</summary>
    public string? InstanceId { get; set; }

    public string ResolvedDirectory => string.IsNullOrWhiteSpace(Directory)
        ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "portal")
        : Path.GetFullPath(Directory);

    /// <summary>The SQLite connection string of one file in <see cref="ResolvedDirectory"/> (created if missing).</summary>
    public string SqliteConnectionString(string fileName)
    {
        System.IO.Directory.CreateDirectory(ResolvedDirectory);
        return $"Data Source={Path.Combine(ResolvedDirectory, fileName)};Pooling=True";
    }

    public IEnumerable<string> Problems()
    {
        if (Provider == DataProvider.Postgres && string.IsNullOrWhiteSpace(ConnectionString))
            yield return $"{Section}:ConnectionString is required when {Section}:Provider is Postgres.";
    }
}

public enum DataProvider
{
    Sqlite,
    Postgres,
}
