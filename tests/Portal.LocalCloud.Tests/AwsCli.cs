using System.Diagnostics;
using System.Text.Json;

namespace Portal.LocalCloud.Tests;

/// <summary>
/// Runs Debian's AWS CLI v2 (/usr/bin/aws, never the first `aws` on PATH) against a LocalCloud, with
/// the test credentials, no config files, JSON output and one attempt, so every error reaches the test.
/// </summary>
public sealed record AwsCliResult(int ExitCode, string Stdout, string Stderr)
{
    public JsonElement Json => JsonDocument.Parse(Stdout).RootElement;

    /// <summary>The error code the CLI parsed, from "An error occurred (Code) when calling ...".</summary>
    public string? ErrorCode
    {
        get
        {
            var start = Stderr.IndexOf("An error occurred (", StringComparison.Ordinal);
            if (start < 0) return null;
            start += "An error occurred (".Length;
            return Stderr[start..Stderr.IndexOf(')', start)];
        }
    }
}

/// <summary>What the CLI signs with: LocalCloud's long-term test key, or temporary credentials with their session token.</summary>
public sealed record CliCredentials(string AccessKeyId, string SecretAccessKey, string? SessionToken);

public static class AwsCli
{
    public const string Path = "/usr/bin/aws";

    public static async Task<AwsCliResult> RunAsync(LocalCloudHost cloud, string region, params string[] args) =>
        await RunAsync(cloud.Endpoint, region, "test", args);

    public static Task<AwsCliResult> RunAsync(Uri endpoint, string region, string secretKey, params string[] args) =>
        RunAsync(endpoint, region, new CliCredentials("test", secretKey, null), args);

    public static async Task<AwsCliResult> RunAsync(Uri endpoint, string region, CliCredentials credentials, params string[] args)
    {
        Assert.True(File.Exists(Path), $"{Path} (Debian's awscli package) is required; the test command installs it.");
        var start = new ProcessStartInfo(Path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "--endpoint-url", endpoint.ToString().TrimEnd('/'), "--region", region, "--output", "json" }.Concat(args))
            start.ArgumentList.Add(a);
        var env = start.Environment;
        env["AWS_ACCESS_KEY_ID"] = credentials.AccessKeyId;
        env["AWS_SECRET_ACCESS_KEY"] = credentials.SecretAccessKey;
        if (credentials.SessionToken is { } token) env["AWS_SESSION_TOKEN"] = token;
        else env.Remove("AWS_SESSION_TOKEN");
        env.Remove("AWS_PROFILE");
        env["AWS_CONFIG_FILE"] = "/nonexistent/aws-config";
        env["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/aws-credentials";
        env["AWS_MAX_ATTEMPTS"] = "1";
        env["AWS_RETRY_MODE"] = "standard";
        env["AWS_PAGER"] = "";
        env["AWS_EC2_METADATA_DISABLED"] = "true";

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException) { process.Kill(entireProcessTree: true); throw new TimeoutException($"aws {string.Join(' ', args)} did not finish " +
            $"within 60 s"); }
        return new AwsCliResult(process.ExitCode, await stdout, await stderr);
    }
}
