namespace Portal.Data;

/// <summary>
/// Where the portal keeps its own records (operations, steps, audit, schedules) and which job storage Hangfire uses
/// (Portal:Data). Embedded default: SQLite files in <see cref="Directory"/> for the records, surviving restarts, and
/// Hangfire.InMemory for the jobs (the records make them durable). Shared: PostgreSQL for both, so several portal
/// instances see one set of records and run each job once.
/// </summary>
public sealed class DataOptions
{
    public const string Section = "Portal:Data";

    public DataProvider Provider { get; set; } = DataProvider.Sqlite;

    /// <summary>For SQLite: the folder of portal.db. Default: ~/.local/share/portal (LocalApplicationData).</summary>
    public string? Directory { get; set; }

    /// <summary>For PostgreSQL: an Npgsql connection string. The records and Hangfire's schema (hangfire) share the database.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// This instance's name among the job servers (PostgreSQL): a fixed name, distinct per instance, or <see cref="AutoInstanceId"/>
    /// (the default: host name plus a unique suffix, new on every start). It names the instance in logs, in the Hangfire
    /// dashboard's Servers page and as the owner of the operations it runs.
    /// </summary>
    public string? InstanceId { get; set; }

    public const string AutoInstanceId = "AUTO";

    /// <summary>The fixed instance id, or null when one is to be generated (unset or AUTO).</summary>
    public string? FixedInstanceId =>
        string.IsNullOrWhiteSpace(InstanceId) || InstanceId.Trim().Equals(AutoInstanceId, StringComparison.OrdinalIgnoreCase) ? null : InstanceId.Trim();

    /// <summary>
    /// Several instances (PostgreSQL): how long a job an instance took stays invisible to the others once that instance
    /// stops renewing it (killed, frozen, cut off from the database). Another instance takes the job over after this;
    /// a live instance renews it every fifth of it (Hangfire.PostgreSql's sliding invisibility timeout), so a long job is
    /// never taken from a live instance.
    /// </summary>
    public TimeSpan JobTakeoverTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Several instances (PostgreSQL): how often an idle instance looks for work when no notification reached it.
    /// Work is announced by PostgreSQL's LISTEN/NOTIFY, so this only bounds a missed notification.
    /// </summary>
    public TimeSpan JobPollInterval { get; set; } = TimeSpan.FromSeconds(1);

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
        if (JobTakeoverTimeout < TimeSpan.FromSeconds(5))
            yield return $"{Section}:JobTakeoverTimeout must be at least 5 seconds, so a busy instance's renewal is not taken for a death (got " +
                $"{JobTakeoverTimeout}).";
        if (JobPollInterval < TimeSpan.FromMilliseconds(50))
            yield return $"{Section}:JobPollInterval must be at least 50 ms, Hangfire.PostgreSql's minimum (got {JobPollInterval}).";
    }
}

public enum DataProvider
{
    Sqlite,
    Postgres,
}
