using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;

namespace Portal.Tests.Build;

/// <summary>
/// build/restore-client-libs.mjs, run with Node as the build runs it, on a scratch copy of a manifest. Its npm registry
/// is a closed loopback port, so any download attempt fails: what passes here passed without the network.
/// </summary>
public sealed class ClientLibraryRestoreTests : IDisposable
{
    private const string Library = "chart.js@4.6.1";
    private const string File = "dist/chart.umd.js";
    private readonly string _root = Directory.CreateTempSubdirectory("portal-libman-").FullName;
    private readonly byte[] _content = "/* the vendored library */"u8.ToArray();

    public ClientLibraryRestoreTests()
    {
        System.IO.File.WriteAllText(Path.Combine(_root, "libman.json"), JsonSerializer.Serialize(new
        {
            version = "3.0",
            defaultProvider = "unpkg",
            libraries = new[] { new { library = Library, destination = "lib/chart.js/", files = new[] { File } } },
        }));
        Directory.CreateDirectory(Path.Combine(_root, "lib", "chart.js", "dist"));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Target => Path.Combine(_root, "lib", "chart.js", "dist", "chart.umd.js");

    [Fact]
    public void A_file_in_place_with_its_recorded_hash_is_kept_without_a_download_and_its_neighbours_stay()
    {
        System.IO.File.WriteAllBytes(Target, _content);
        var neighbour = Path.Combine(_root, "lib", "chart.js", "notes.txt");
        System.IO.File.WriteAllText(neighbour, "not the script's");
        RecordIntegrity(Sri(_content));

        var (exit, output) = RunScript();

        Assert.True(exit == 0, output);
        Assert.Equal(_content, System.IO.File.ReadAllBytes(Target));
        Assert.True(System.IO.File.Exists(neighbour), "a shared destination folder must never be emptied");
    }

    [Fact]
    public void A_file_whose_hash_differs_from_the_record_is_fetched_again_and_never_accepted_as_it_is()
    {
        System.IO.File.WriteAllBytes(Target, "/* edited by hand */"u8.ToArray());
        RecordIntegrity(Sri(_content));

        var (exit, output) = RunScript();

        Assert.Equal(1, exit);
        Assert.Contains("error LIBMAN001: could not reach the npm registry to restore chart.js@4.6.1", output);
    }

    [Fact]
    public void A_listed_file_without_a_recorded_hash_is_refused_naming_it()
    {
        System.IO.File.WriteAllBytes(Target, _content);
        System.IO.File.WriteAllText(Path.Combine(_root, "libman.integrity"), "");

        var (exit, output) = RunScript();

        Assert.Equal(1, exit);
        Assert.Contains("libman.integrity : error LIBMAN001: chart.js@4.6.1: no sha384 recorded for lib/chart.js/dist/chart.umd.js", output);
    }

    [Fact]
    public void The_repository_records_the_hash_of_every_file_libman_lists_and_the_vendored_copy_matches_it()
    {
        var root = RepositoryFiles.Root;
        using var manifest = JsonDocument.Parse(System.IO.File.ReadAllText(Path.Combine(root, "libman.json")));
        var recorded = System.IO.File.ReadAllLines(Path.Combine(root, "libman.integrity")).Where(l => l.Length > 0)
            .Select(l => l.Split(' ')).ToDictionary(p => p[0], p => p[1]);
        var listed = manifest.RootElement.GetProperty("libraries").EnumerateArray()
            .SelectMany(lib => lib.GetProperty("files").EnumerateArray()
                .Select(f => lib.GetProperty("destination").GetString()!.TrimEnd('/') + "/" + f.GetString()))
            .ToList();

        Assert.NotEmpty(listed);
        Assert.Equal(listed.Order(), recorded.Keys.Order());
        // The build restored them before this test could run.
        foreach (var path in listed) Assert.Equal(recorded[path], Sri(System.IO.File.ReadAllBytes(Path.Combine(root, path))));
    }

    private void RecordIntegrity(string sri) =>
        System.IO.File.WriteAllText(Path.Combine(_root, "libman.integrity"), $"lib/chart.js/dist/chart.umd.js {sri}\n");

    private static string Sri(byte[] bytes) => "sha384-" + Convert.ToBase64String(SHA384.HashData(bytes));

    private (int Exit, string Output) RunScript()
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(RepositoryFiles.Root, "build", "restore-client-libs.mjs"));
        start.ArgumentList.Add(Path.Combine(_root, "libman.json"));
        // Port 9 (discard) on loopback is closed here: a download fails at once instead of reaching the internet.
        start.Environment["npm_config_registry"] = "http://127.0.0.1:9/";
        start.Environment["npm_config_fetch_retries"] = "0";
        start.Environment["npm_config_cache"] = Path.Combine(_root, ".npm");
        start.Environment["npm_config_offline"] = "false";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "the restore script did not end");
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
