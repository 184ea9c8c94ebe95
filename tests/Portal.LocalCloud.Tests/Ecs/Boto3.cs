using System.Diagnostics;

namespace Portal.LocalCloud.Tests.Ecs;

/// <summary>
/// Runs a Python script with the machine's boto3 (pyenv's python3 knows ECS Express Gateway; Debian's
/// awscli 2.9 does not). A python3 without boto3 fails the test with the reason, it never skips it.
/// </summary>
public static class Boto3
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static async Task<string> FindPythonAsync()
    {
        var home = Environment.GetEnvironmentVariable("HOME") ?? "/root";
        string[] candidates = [Path.Combine(home, ".pyenv", "shims", "python3"), "python3"];
        var tried = new List<string>();
        foreach (var candidate in candidates)
        {
            if (candidate.Contains('/') && !File.Exists(candidate)) { tried.Add($"{candidate}: not found"); continue; }
            try
            {
                var check = await RunAsync(candidate, ["-c", "import boto3, botocore; print(botocore.__version__)"], TimeSpan.FromSeconds(30));
                if (check.ExitCode == 0) return candidate;
                tried.Add($"{candidate}: cannot import boto3 ({check.Stderr.Trim()})");
            }
            catch (System.ComponentModel.Win32Exception e) { tried.Add($"{candidate}: {e.Message}"); }
        }
        Assert.Fail("ECS Express conformance needs a python3 that can `import boto3` (pyenv's python3 has boto3/botocore 1.43.11): "
            + string.Join("; ", tried));
        return "";
    }

    public static async Task<Result> RunAsync(string python, IEnumerable<string> args, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        // No profile, no metadata lookups: the script passes the test credentials itself.
        start.Environment["AWS_CONFIG_FILE"] = "/nonexistent/aws-config";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/aws-credentials";
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment.Remove("AWS_PROFILE");
        start.Environment.Remove("AWS_ENDPOINT_URL");

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try { await process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { process.Kill(entireProcessTree: true); throw new TimeoutException($"{python} {string.Join(' ', args)} did not " +
            $"finish within {timeout}"); }
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
