using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace DashboardBench;

/// <summary>
/// The portal as a child process, from its Release build output, on a free loopback port. Killed (with
/// its process tree) on dispose, on Ctrl+C, on process exit and on an unhandled exception.
/// </summary>
public sealed class PortalProcess : IDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _lastLines = new();
    private int _killed;

    private PortalProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Kill();
        AppDomain.CurrentDomain.UnhandledException += (_, _) => Kill();
    }

    public Uri BaseAddress { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public static string DllPath(string root) => Path.Combine(root, "src", "Portal", "bin", "Release", "net10.0", "Portal.dll");

    /// <param name="configure">Changes the child's start (arguments, environment) before it starts; FleetBench runs it in Aws mode.</param>
    public static PortalProcess Start(string root, Action<ProcessStartInfo>? configure = null)
    {
        var dll = DllPath(root);
        if (!File.Exists(dll))
            throw new BenchSetupException($"{dll} does not exist: run `dotnet build -c Release` in {root} first (or pass --build).");
        var port = FreeLoopbackPort();
        var url = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet")
        {
            // Static files are served from wwwroot under the content root, which is the working directory.
            WorkingDirectory = Path.Combine(root, "src", "Portal"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(url);
        // What a deployment runs: Production (exception handler page, no developer tooling), local mode.
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment.Remove("PORT"); // PORT would win over --urls and listen on every interface.
        // A sign-in token of this run's own: the benchmark signs in with it as a browser does (the sign-in link).
        start.Environment["PORTAL_LOCAL_TOKEN"] = SignInToken;
        // Every viewer shares the one signed-in session: lift the per-user stream limit (12 by default) above them all.
        start.Environment["Portal__Live__MaxStreamsPerUser"] = "10000";
        configure?.Invoke(start);
        var process = Process.Start(start) ?? throw new BenchSetupException("Could not start `dotnet Portal.dll`.");
        var portal = new PortalProcess(process, new Uri(url + "/"));
        process.OutputDataReceived += (_, e) => portal.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => portal.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return portal;
    }

    /// <summary>The newest source file under src/ is newer than the build output: the figures would describe old code.</summary>
    public static string? StaleBuildWarning(string root)
    {
        var built = File.GetLastWriteTimeUtc(DllPath(root));
        var newest = new[] { "*.cs", "*.cshtml", "*.csproj", "*.css", "*.js", "*.json" }
            .SelectMany(p => Directory.EnumerateFiles(Path.Combine(root, "src"), p, SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .Select(f => (File: f, Time: File.GetLastWriteTimeUtc(f)))
            .MaxBy(f => f.Time);
        return newest.Time > built
            ? $"warning: {Path.GetRelativePath(root, newest.File)} is newer than the Release build; run `dotnet build -c Release` (or pass --build)."
            : null;
    }

    /// <summary>The local sign-in token this portal was started with (random per run, never printed).</summary>
    public static readonly string SignInToken = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    /// <summary>
    /// Signs in as a browser does with local mode's sign-in link (GET /signin?token=...) and returns the session cookie
    /// ("name=value") every viewer then sends: every page but /healthz and /signin needs a signed-in user.
    /// </summary>
    public async Task<string> SignInAsync(HttpClient control, CancellationToken ct)
    {
        using var response = await control.GetAsync(new Uri(BaseAddress, $"signin?token={SignInToken}"), ct);
        var cookie = response.Headers.TryGetValues("Set-Cookie", out var cookies)
            ? cookies.Select(c => c.Split(';')[0]).FirstOrDefault(c => c.StartsWith("portal.auth=", StringComparison.Ordinal))
            : null;
        return cookie ?? throw new BenchSetupException($"Signing in with the local token did not set a session cookie (HTTP {(int)response.StatusCode}).");
    }

    public async Task WaitHealthyAsync(HttpClient http, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited) throw new BenchSetupException($"The portal exited with code {_process.ExitCode} before /healthz answered.{Tail()}");
            try
            {
                using var response = await http.GetAsync(new Uri(BaseAddress, "healthz"), ct);
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            if (deadline.Elapsed > timeout) throw new BenchSetupException($"/healthz did not answer 200 within {timeout.TotalSeconds:F0} s.{Tail()}");
            await Task.Delay(200, ct);
        }
    }

    /// <summary>CPU time (user + system) the portal has used so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>VmRSS (now) and VmHWM (peak resident set since start) from /proc/&lt;pid&gt;/status, in bytes.</summary>
    public (long Rss, long Hwm) Memory()
    {
        long rss = 0, hwm = 0;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = Kb(line);
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) hwm = Kb(line);
            }
        }
        catch (IOException) { } // exited
        return (rss, hwm);

        static long Kb(string line) => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }

    public string Tail()
    {
        lock (_lastLines)
            return _lastLines.Count == 0 ? "" : "\nLast portal output:\n  " + string.Join("\n  ", _lastLines);
    }

    public void Kill()
    {
        if (Interlocked.Exchange(ref _killed, 1) == 1) return;
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException) { } // already gone
        catch (SystemException) { }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_lastLines)
        {
            _lastLines.Enqueue(line);
            while (_lastLines.Count > 40) _lastLines.Dequeue();
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public sealed class BenchSetupException(string message) : Exception(message);
