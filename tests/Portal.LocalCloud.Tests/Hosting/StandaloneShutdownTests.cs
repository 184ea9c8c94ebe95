using System.Diagnostics;
using System.Text;

namespace Portal.LocalCloud.Tests.Hosting;

/// <summary>Standalone LocalCloud (<c>dotnet Portal.LocalCloud.dll</c>) stops on Ctrl+C and on SIGTERM, as a container stop sends it.</summary>
public sealed class StandaloneShutdownTests
{
    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task Standalone_localcloud_stops_within_five_seconds_of_a_signal(string signal)
    {
        var dotnet = Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";
        // Started as a terminal starts it, with SIGINT and SIGQUIT at their default action. A process started in the
        // background by a non-interactive shell (as a test run may be) inherits them ignored, and .NET rightly leaves an
        // ignored SIGINT ignored (nohup, background jobs), so the test resets them first, then execs dotnet.
        const string DefaultSignals = "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); " +
            "signal.signal(signal.SIGQUIT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])";
        var start = new ProcessStartInfo("python3", ["-c", DefaultSignals, dotnet, Path.Combine(AppContext.BaseDirectory, "Portal.LocalCloud.dll"), "--Port",
            "0", "--TrafficRatePerSecond", "1"])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Read(string? line)
        {
            if (line is null) return;
            lock (output) output.AppendLine(line);
            if (line.StartsWith("LocalCloud listening on", StringComparison.Ordinal)) listening.TrySetResult();
        }
        process.OutputDataReceived += (_, e) => Read(e.Data);
        process.ErrorDataReceived += (_, e) => Read(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            // A bound for start-up on a busy machine, not a measured time.
            await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));

            using (var kill = Process.Start("kill", [$"-{signal}", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
                await kill.WaitForExitAsync();

            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var stopped = await process.WaitForExitAsync(bound.Token).ContinueWith(t => t.IsCompletedSuccessfully);
            lock (output) Assert.True(stopped, $"LocalCloud was still running 5 s after SIG{signal}:\n{output}");
            lock (output) Assert.Contains("LocalCloud stopping.", output.ToString());
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }
}
