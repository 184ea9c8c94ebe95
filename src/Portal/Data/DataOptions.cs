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

    /// <summary>
    /// This instance's Quartz id in a cluster (PostgreSQL): a fixed id, distinct per instance, or <see cref="AutoInstanceId"/>
    /// (the default: host name plus a unique suffix, new on every start). Two instances with one id would take each
    /// other's running jobs for their own, so a fixed id belongs to one instance only.
    /// </summary>
    public string? InstanceId { get; set; }

    public const string AutoInstanceId = "AUTO";

    /// <summary>The fixed instance id, or null when Quartz is to generate one (unset or AUTO).</summary>
    public string? FixedInstanceId =>
        string.IsNullOrWhiteSpace(InstanceId) || InstanceId.Trim().Equals(AutoInstanceId, StringComparison.OrdinalIgnoreCase) ? null : InstanceId.Trim();

    /// <summary>How often a clustered instance records that it is alive; a stopped one is noticed after this plus <see cref="ClusterCheckinMisfireThreshold"/>.</summary>
    public TimeSpan ClusterCheckinInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long past a missed check-in the other instances wait before taking over an instance's running jobs.</summary>
    public TimeSpan ClusterCheckinMisfireThreshold { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often an idle instance asks the job store for work. Work submitted on an instance starts there at once; this
    /// bounds how long a job handed back by a stopping instance waits for another to pick it up. Quartz's minimum is 1 s.
    /// </summary>
    public TimeSpan IdleWaitTime { get; set; } = TimeSpan.FromSeconds(5);

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
        if (ClusterCheckinInterval <= TimeSpan.Zero)
            yield return $"{Section}:ClusterCheckinInterval must be positive (got {ClusterCheckinInterval}).";
        if (ClusterCheckinMisfireThreshold <= TimeSpan.Zero)
            yield return $"{Section}:ClusterCheckinMisfireThreshold must be positive (got {ClusterCheckinMisfireThreshold}).";
        if (IdleWaitTime < TimeSpan.FromSeconds(1))
            yield return $"{Section}:IdleWaitTime must be at least 1 second, Quartz's minimum (got {IdleWaitTime}).";
    }
}

public enum DataProvider
{
    Sqlite,
    Postgres,
}
