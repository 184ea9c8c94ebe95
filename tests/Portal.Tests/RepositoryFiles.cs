namespace Portal.Tests;

/// <summary>The checkout the tests were built from, for tests that read its files (docs, manifests, sources).</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Portal.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Portal.sln not found above " + AppContext.BaseDirectory);
    }
}
