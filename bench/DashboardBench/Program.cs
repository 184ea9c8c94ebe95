using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using DashboardBench;

// The dashboard under many viewers, in local mode: see bench/README.md.
//   dotnet build -c Release && dotnet run -c Release --project bench/DashboardBench [-- options]
var options = BenchOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true; // unwind through the finally below, which kills the portal
    cancel.Cancel();
};
var ct = cancel.Token;
PortalProcess? portal = null;
try
{
    var root = options.Root ?? FindRoot();
    if (options.Build) await BuildAsync(root, ct);
    if (PortalProcess.StaleBuildWarning(root) is { } stale) Console.WriteLine(stale);

    portal = PortalProcess.Start(root);
    var maxConnections = Math.Max(3 * options.Viewers, options.StaticClients) + 16; // per viewer: stream, reload loop, board
    using var handler = new SocketsHttpHandler
    {
        MaxConnectionsPerServer = maxConnections,
        UseProxy = false,
        UseCookies = false,
        AllowAutoRedirect = false,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
    };
    using var http = new HttpClient(handler) { BaseAddress = portal.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
    // Control requests (LocalCloud's stats, readiness) on their own connections, never queued behind the load.
    using var control = new HttpClient(new SocketsHttpHandler { UseProxy = false, UseCookies = false,
        AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(30) };

    Console.WriteLine($"Portal pid {portal.Id} on {portal.BaseAddress} (Release build, Production environment, local mode); waiting for /healthz...");
    await portal.WaitHealthyAsync(control, TimeSpan.FromSeconds(60), ct);
    // Every viewer is the one signed-in browser session (the cookie the sign-in link sets).
    var session = await portal.SignInAsync(control, ct);
    http.DefaultRequestHeaders.Add("Cookie", session);
    control.DefaultRequestHeaders.Add("Cookie", session);
    var localCloud = await LocalCloudFromHeaderAsync(control, portal.BaseAddress, ct);
    Console.WriteLine($"LocalCloud (from the page header): {localCloud}");
    await WaitForFirstSnapshotAsync(control, portal.BaseAddress, TimeSpan.FromSeconds(60), ct);

    // Warm-up (JIT, Razor view compilation, connection pool), then each route alone, one request at a time.
    string[] routes = ["/", "/?handler=Board", "/api/environments", "/css/site.css"];
    var unloaded = new Dictionary<string, Latencies>();
    foreach (var route in routes)
    {
        var warm = new Latencies();
        for (var i = 0; i < 30; i++) await Requests.GetAsync(http, route, warm, keepBody: false, ct);
        var log = unloaded[route] = new Latencies();
        for (var i = 0; i < options.SequentialRequests; i++) await Requests.GetAsync(http, route, log, keepBody: false, ct);
    }

    var bench = new Bench(portal, http, control, localCloud, ct);
    Console.WriteLine($"Phase 1: 1 viewer for {options.Seconds} s (stream + board on each snapshot)...");
    var one = await bench.ViewersAsync(1, reload: false, TimeSpan.FromSeconds(options.Seconds));
    Console.WriteLine($"Phase 2: {options.Viewers} viewers for {options.Seconds} s (stream + board on each snapshot + GET / in a closed loop)...");
    var many = await bench.ViewersAsync(options.Viewers, reload: true, TimeSpan.FromSeconds(options.Seconds));
    Console.WriteLine($"Phase 3: {options.StaticClients} clients on /css/site.css for {options.StaticSeconds} s...");
    var files = await bench.StaticAsync(options.StaticClients, TimeSpan.FromSeconds(options.StaticSeconds));

    return Report(options, unloaded, one, many, files, maxConnections);
}
catch (BenchSetupException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    Console.Error.WriteLine("Interrupted; portal stopped.");
    return 130;
}
finally
{
    portal?.Dispose();
}

static int Report(BenchOptions o, Dictionary<string, Latencies> unloaded, Phase one, Phase many, Phase files, int maxConnections)
{
    var ic = CultureInfo.InvariantCulture;
    string F(double v, string format = "F1") => double.IsNaN(v) ? "-" : v.ToString(format, ic);
    string Ms(Latencies l) => $"{F(l.Percentile(50))} / {F(l.Percentile(99))}";
    string Mb(long bytes) => F(bytes / 1048576.0, "F0");

    Console.WriteLine();
    Console.WriteLine("Latencies are measured at the client, over loopback, from sending the request to reading the last byte");
    Console.WriteLine("of the body; the load generator shares the machine's cores with the portal (and LocalCloud runs inside");
    Console.WriteLine("the portal process, so the portal's CPU and memory include LocalCloud's simulations).");
    Console.WriteLine();
    Console.WriteLine($"Each route alone, one request at a time ({o.SequentialRequests} each, after 30 warm-up requests):");
    Console.WriteLine($"  {"route",-24} {"p50 / p99 (ms)",18}");
    foreach (var (route, log) in unloaded) Console.WriteLine($"  {route,-24} {Ms(log),18}");

    Console.WriteLine();
    var header = $"{"measure",-40} {"1 viewer",16} {$"{o.Viewers} viewers",16} {$"static ×{o.StaticClients}",16}";
    Console.WriteLine(header);
    Console.WriteLine(new string('-', header.Length));
    void Row(string name, string a, string b, string c = "") => Console.WriteLine($"{name,-40} {a,16} {b,16} {c,16}");
    Row("window (s)", F(one.Elapsed.TotalSeconds), F(many.Elapsed.TotalSeconds), F(files.Elapsed.TotalSeconds));
    Row("GET / completed / failed", $"{one.Log.Page.Count} / {one.Log.Page.Failures}", $"{many.Log.Page.Count} / {many.Log.Page.Failures}");
    Row("GET / per second", F(one.Rps(one.Log.Page)), F(many.Rps(many.Log.Page)));
    Row("GET / p50 / p99 (ms, client)", Ms(one.Log.Page), Ms(many.Log.Page));
    Row("GET /?handler=Board completed / failed", $"{one.Log.Board.Count} / {one.Log.Board.Failures}", $"{many.Log.Board.Count} / {many.Log.Board.Failures}");
    Row("GET /?handler=Board p50 / p99 (ms)", Ms(one.Log.Board), Ms(many.Log.Board));
    Row("status events per viewer", F((double)one.Log.Events / one.Clients), F((double)many.Log.Events / many.Clients));
    Row("stream failures", one.Log.Stream.Failures.ToString(ic), many.Log.Stream.Failures.ToString(ic));
    Row("GET /css/site.css completed / failed", "", "", $"{files.Log.Page.Count} / {files.Log.Page.Failures}");
    Row("GET /css/site.css per second", "", "", F(files.Rps(files.Log.Page)));
    Row("GET /css/site.css p50 / p99 (ms)", "", "", Ms(files.Log.Page));
    Row("AWS window (s, between stats reads)", F(one.AwsElapsed.TotalSeconds), F(many.AwsElapsed.TotalSeconds), F(files.AwsElapsed.TotalSeconds));
    Row("AWS calls in window", one.AwsCalls.ToString(ic), many.AwsCalls.ToString(ic), files.AwsCalls.ToString(ic));
    Row("AWS calls per minute", F(one.AwsPerMinute), F(many.AwsPerMinute), F(files.AwsPerMinute));
    Row("portal CPU (s) / % of one core", $"{F(one.PortalCpu.TotalSeconds)} / {F(one.CpuPercent, "F0")}",
        $"{F(many.PortalCpu.TotalSeconds)} / {F(many.CpuPercent, "F0")}", $"{F(files.PortalCpu.TotalSeconds)} / {F(files.CpuPercent, "F0")}");
    // All the portal's CPU in the window over the requests served: an upper bound, as it includes the collector and LocalCloud.
    string PerRequest(Phase p, int requests) => requests == 0 ? "-" : F(1000 * p.PortalCpu.TotalSeconds / requests, "F2");
    Row("portal CPU per request, upper bound (ms)", "", PerRequest(many, many.Log.Page.Count + many.Log.Board.Count), PerRequest(files, files.Log.Page.Count));
    Row("bench (client) CPU (s)", F(one.BenchCpu.TotalSeconds), F(many.BenchCpu.TotalSeconds), F(files.BenchCpu.TotalSeconds));
    Row("portal VmRSS peak in window (MB)", Mb(one.PeakRss), Mb(many.PeakRss), Mb(files.PeakRss));
    Row("portal VmHWM at end of window (MB)", Mb(one.Hwm), Mb(many.Hwm), Mb(files.Hwm));
    Row("load tasks all stopped, after (ms)", F(one.StopTime.TotalMilliseconds, "F0"), F(many.StopTime.TotalMilliseconds, "F0"),
        F(files.StopTime.TotalMilliseconds, "F0"));

    Console.WriteLine();
    Console.WriteLine($"AWS calls by operation in each window ({one.AwsElapsed.TotalSeconds:F0} s / {many.AwsElapsed.TotalSeconds:F0} s):");
    foreach (var op in one.ByOperation.Keys.Union(many.ByOperation.Keys).Order(StringComparer.Ordinal))
        Console.WriteLine($"  {op,-72} {one.ByOperation.GetValueOrDefault(op),6} {many.ByOperation.GetValueOrDefault(op),6}");

    var rpsRatio = many.Rps(many.Log.Page) / files.Rps(files.Log.Page);
    var awsRatio = many.AwsPerMinute / one.AwsPerMinute;
    Console.WriteLine();
    Console.WriteLine($"Dashboard GET / per second ({o.Viewers} viewers) / static file per second: {F(rpsRatio, "F3")}");
    Console.WriteLine($"AWS calls per minute, 1 viewer: {F(one.AwsPerMinute)}; {o.Viewers} viewers: {F(many.AwsPerMinute)}; ratio {F(awsRatio, "F3")} " +
        $"(allowed 1 ± {o.Tolerance.ToString("P0", ic)})");
    Console.WriteLine($"(HttpClient: SocketsHttpHandler, MaxConnectionsPerServer {maxConnections}.)");

    var failed = false;
    if (one.AwsCalls == 0)
    {
        Console.WriteLine("FAIL: no AWS calls at all with 1 viewer; the collector is not running, so the comparison means nothing.");
        failed = true;
    }
    else if (Math.Abs(awsRatio - 1) > o.Tolerance)
    {
        Console.WriteLine($"FAIL: the AWS call rate with {o.Viewers} viewers differs from 1 viewer's by more than {o.Tolerance.ToString("P0", ic)}: viewers " +
            $"must not cause AWS calls.");
        failed = true;
    }
    else
    {
        Console.WriteLine($"OK: the AWS call rate does not depend on the number of viewers (within {o.Tolerance.ToString("P0", ic)}).");
    }
    if (one.Stuck + many.Stuck + files.Stuck > 0)
    {
        Console.WriteLine($"FAIL: {one.Stuck + many.Stuck + files.Stuck} load task(s) did not stop within 15 s of the end of their phase.");
        failed = true;
    }
    return failed ? 1 : 0;
}

static string FindRoot()
{
    foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Portal.sln"))) return dir.FullName;
    throw new BenchSetupException("Portal.sln not found above the current directory; run from the repository or pass --root.");
}

static async Task BuildAsync(string root, CancellationToken ct)
{
    Console.WriteLine("dotnet build -c Release src/Portal/Portal.csproj ...");
    var build = new ProcessStartInfo("dotnet") { WorkingDirectory = root, UseShellExecute = false };
    foreach (var a in new[] { "build", "-c", "Release", "--nologo", "-v", "q", Path.Combine("src", "Portal", "Portal.csproj") }) build.ArgumentList.Add(a);
    using var process = Process.Start(build) ?? throw new BenchSetupException("Could not start dotnet build.");
    try { await process.WaitForExitAsync(ct); }
    catch (OperationCanceledException) { process.Kill(entireProcessTree: true); throw; }
    if (process.ExitCode != 0) throw new BenchSetupException($"dotnet build -c Release failed (exit {process.ExitCode}).");
}

/// <summary>The header says "Local mode — LocalCloud at http://127.0.0.1:NNNN" (the dash may be HTML-encoded).</summary>
static async Task<Uri> LocalCloudFromHeaderAsync(HttpClient control, Uri portal, CancellationToken ct)
{
    var html = await control.GetStringAsync(portal, ct);
    var match = Regex.Match(html, @"Local mode (?:—|&#x2014;|&mdash;|&#8212;) LocalCloud at (http://[^\s<""]+)");
    if (!match.Success) throw new BenchSetupException("The dashboard header does not show \"Local mode — LocalCloud at http://...\": is the portal in local " +
        "mode?");
    var uri = new Uri(match.Groups[1].Value.TrimEnd('/') + "/");
    if (!uri.IsLoopback) throw new BenchSetupException($"LocalCloud is at {uri}, not on loopback; this benchmark only talks to 127.0.0.1.");
    return uri;
}

static async Task WaitForFirstSnapshotAsync(HttpClient control, Uri portal, TimeSpan timeout, CancellationToken ct)
{
    var clock = Stopwatch.StartNew();
    while (Requests.RenderedVersion(await control.GetStringAsync(new Uri(portal, "?handler=Board"), ct)) is not > 0)
    {
        if (clock.Elapsed > timeout) throw new BenchSetupException($"No snapshot on the dashboard within {timeout.TotalSeconds:F0} s.");
        await Task.Delay(250, ct);
    }
}

/// <summary>Runs one timed phase at a time and measures the portal around it.</summary>
internal sealed class Bench(PortalProcess portal, HttpClient http, HttpClient control, Uri localCloud, CancellationToken ct)
{
    public Task<Phase> ViewersAsync(int viewers, bool reload, TimeSpan duration) =>
        MeasureAsync(viewers, duration, (log, token) => Enumerable.Range(0, viewers).Select(_ => new Viewer(http, log, reload).RunAsync(token)).ToList());

    public Task<Phase> StaticAsync(int clients, TimeSpan duration) =>
        MeasureAsync(clients, duration, (log, token) => Enumerable.Range(0, clients).Select(_ => LoopAsync(log.Page, token)).ToList());

    private async Task LoopAsync(Latencies log, CancellationToken token)
    {
        try
        {
            while (!token.IsCancellationRequested) await Requests.GetAsync(http, "/css/site.css", log, keepBody: false, token);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested) { }
    }

    private async Task<Phase> MeasureAsync(int clients, TimeSpan duration, Func<ViewerLog, CancellationToken, List<Task>> start)
    {
        var self = Process.GetCurrentProcess();
        var log = new ViewerLog();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var (calls0, ops0) = await StatsAsync();
        var awsClock = Stopwatch.StartNew();
        var cpu0 = portal.CpuTime;
        self.Refresh();
        var benchCpu0 = self.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var tasks = start(log, stop.Token);
        long peakRss = 0;
        while (clock.Elapsed < duration)
        {
            if (portal.HasExited) throw new BenchSetupException($"The portal exited during the phase.{portal.Tail()}");
            peakRss = Math.Max(peakRss, portal.Memory().Rss);
            var left = duration - clock.Elapsed;
            await Task.Delay(left < TimeSpan.FromMilliseconds(250) ? left : TimeSpan.FromMilliseconds(250), ct);
        }
        // Requests count up to here; the AWS window runs from one read of LocalCloud's stats to the next.
        var elapsed = clock.Elapsed;
        stop.Cancel();
        var stopping = Stopwatch.StartNew();
        var cpu = portal.CpuTime - cpu0;
        var (rss, hwm) = portal.Memory();
        var (calls1, ops1) = await StatsAsync();
        var awsElapsed = awsClock.Elapsed;
        try { await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(15), ct); }
        catch (TimeoutException) { }
        self.Refresh();
        return new Phase(clients, elapsed, awsElapsed, log, calls1 - calls0,
            ops1.ToDictionary(o => o.Key, o => o.Value - ops0.GetValueOrDefault(o.Key)).Where(o => o.Value != 0).ToDictionary(),
            cpu, self.TotalProcessorTime - benchCpu0, Math.Max(peakRss, rss), hwm, stopping.Elapsed, tasks.Count(t => !t.IsCompleted));
    }

    /// <summary>LocalCloud's count of every AWS API call the portal has made, in total and per operation.</summary>
    private async Task<(long Total, Dictionary<string, long> ByOperation)> StatsAsync()
    {
        using var json = JsonDocument.Parse(await control.GetStringAsync(new Uri(localCloud, "_localcloud/stats"), ct));
        var byOperation = json.RootElement.GetProperty("byOperation").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
        return (json.RootElement.GetProperty("apiCalls").GetInt64(), byOperation);
    }
}

internal sealed record Phase(
    int Clients, TimeSpan Elapsed, TimeSpan AwsElapsed, ViewerLog Log, long AwsCalls, Dictionary<string, long> ByOperation,
    TimeSpan PortalCpu, TimeSpan BenchCpu, long PeakRss, long Hwm, TimeSpan StopTime, int Stuck)
{
    public double Rps(Latencies l) => l.Count / Elapsed.TotalSeconds;

    public double AwsPerMinute => AwsCalls / AwsElapsed.TotalMinutes;

    public double CpuPercent => 100 * PortalCpu.TotalSeconds / Elapsed.TotalSeconds;
}

internal sealed record BenchOptions(int Viewers, int Seconds, int StaticClients, int StaticSeconds, int SequentialRequests, double Tolerance, bool Build,
    string? Root)
{
    public const string Usage = """
        usage: dotnet run -c Release --project bench/DashboardBench [-- options]
          --viewers N          viewers in phase 2 (default 200)
          --seconds S          length of phases 1 and 2 (default 60; keep it a multiple of 60 s, the
                               metrics refresh interval, or the AWS call rates differ by chance)
          --static-clients N   clients on /css/site.css in phase 3 (default: the number of viewers)
          --static-seconds S   length of phase 3 (default 20)
          --sequential N       requests per route in the one-at-a-time latency check (default 200)
          --tolerance F        allowed relative difference of the AWS call rates (default 0.10)
          --build              run `dotnet build -c Release src/Portal/Portal.csproj` first
          --root DIR           repository root (default: found from the current directory)
        The portal is started from src/Portal/bin/Release/net10.0/Portal.dll: build it first.
        Exit code: 0 ok, 1 the AWS call rates differ (or load tasks did not stop), 2 setup error, 130 Ctrl+C.
        """;

    public static BenchOptions? Parse(string[] args)
    {
        int viewers = 200, seconds = 60, staticSeconds = 20, sequential = 200;
        int? staticClients = null;
        double tolerance = 0.10;
        bool build = false;
        string? root = null;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new FormatException($"{args[i]} needs a value");
            try
            {
                switch (args[i])
                {
                    case "--viewers": viewers = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--seconds": seconds = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--static-clients": staticClients = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--static-seconds": staticSeconds = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--sequential": sequential = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--tolerance": tolerance = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--build": build = true; break;
                    case "--root": root = Path.GetFullPath(Next()); break;
                    default:
                        Console.Error.WriteLine($"unknown argument '{args[i]}'");
                        return null;
                }
            }
            catch (FormatException e)
            {
                Console.Error.WriteLine(e.Message);
                return null;
            }
        }
        if (viewers < 1 || seconds < 1 || staticSeconds < 1 || sequential < 1 || staticClients is < 1 || tolerance is <= 0 or >= 1) return null;
        return new BenchOptions(viewers, seconds, staticClients ?? viewers, staticSeconds, sequential, tolerance, build, root);
    }
}
