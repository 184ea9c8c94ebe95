using Microsoft.Data.Sqlite;
using Portal.Data;
using Portal.Data.Sqlite;

namespace Portal.Tests.Data;

/// <summary>portal.db in a directory of its own under the temp folder, deleted afterwards.</summary>
public sealed class SqliteTestDatabase : TestDatabase
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "portal-data-tests", Guid.NewGuid().ToString("N"));

    protected override PortalDatabase Create() => SqliteDatabase.Create(new DataOptions { Directory = Directory });

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        // Pooled connections keep the file open; release them before deleting it.
        SqliteConnection.ClearAllPools();
        if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true);
    }
}
