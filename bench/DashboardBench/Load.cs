using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using System.Threading.Channels;

namespace DashboardBench;

/// <summary>Client-observed latencies (request sent to last body byte read, over loopback) and failures of one kind of request.</summary>
public sealed class Latencies
{
    private readonly List<double> _ms = [];
    private readonly Dictionary<string, int> _failures = [];

    public void Add(double ms)
    {
        lock (_ms) _ms.Add(ms);
    }

    public void Fail(string why)
    {
        lock (_failures) _failures[why] = _failures.GetValueOrDefault(why) + 1;
    }

    public int Count
    {
        get { lock (_ms) return _ms.Count; }
    }

    public int Failures
    {
        get { lock (_failures) return _failures.Values.Sum(); }
    }

    public string FailureSummary()
    {
        lock (_failures) return string.Join("; ", _failures.OrderByDescending(f => f.Value).Take(3).Select(f => $"{f.Value}× {f.Key}"));
    }

    /// <summary>Nearest-rank percentile in milliseconds (NaN when nothing completed).</summary>
    public double Percentile(double p)
    {
        lock (_ms)
        {
            if (_ms.Count == 0) return double.NaN;
            var sorted = _ms.Order().ToArray();
            return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
        }
    }
}

/// <summary>One GET, timed to the last byte of the body; failures are recorded, not thrown (except cancellation).</summary>
public static partial class Requests
{
    public static async Task<string?> GetAsync(HttpClient http, string path, Latencies log, bool keepBody, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            string? body = null;
            if (keepBody) body = await response.Content.ReadAsStringAsync(ct);
            else await response.Content.CopyToAsync(Stream.Null, ct);
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (ct.IsCancellationRequested) return null; // finished after the phase ended: not counted
            if (response.IsSuccessStatusCode) log.Add(ms);
            else log.Fail($"HTTP {(int)response.StatusCode}");
            return response.IsSuccessStatusCode ? body : null;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { throw; }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
        {
            log.Fail(e.GetType().Name + ": " + e.Message);
            await Task.Delay(100, ct); // a failing closed loop must not spin
            return null;
        }
    }

    /// <summary>The snapshot version a page or board fragment shows (data-live-version on the board fragment).</summary>
    public static long? RenderedVersion(string? html) =>
        html is not null && VersionAttribute().Match(html) is { Success: true } m ? long.Parse(m.Groups[1].Value) : null;

    [GeneratedRegex(@"data-live-fragment=""board"" data-live-on=""status"" data-live-version=""(\d+)""", RegexOptions.CultureInvariant)]
    private static partial Regex VersionAttribute();
}

/// <summary>What every viewer in a phase records.</summary>
public sealed class ViewerLog
{
    public Latencies Page { get; } = new();

    public Latencies Board { get; } = new();

    public Latencies Stream { get; } = new();

    private long _events;

    public long Events => Interlocked.Read(ref _events);

    public void Event() => Interlocked.Increment(ref _events);
}

/// <summary>
/// A browser on the dashboard: loads GET /, holds GET /live/status, and after each "status" event whose
/// version differs from the one on screen fetches GET /?handler=Board (one at a time, a request asked
/// for meanwhile runs once afterwards), as live.js does. With <c>reload</c> it also reloads GET / in a
/// closed loop, to put the portal under load.
/// </summary>
public sealed class Viewer(HttpClient http, ViewerLog log, bool reload)
{
    private long _rendered = -1;

    public async Task RunAsync(CancellationToken ct)
    {
        try
        {
            var page = await Requests.GetAsync(http, "/", log.Page, keepBody: true, ct);
            _rendered = Requests.RenderedVersion(page) ?? -1;
            var boardRequests = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
            var tasks = new List<Task> { StreamAsync(boardRequests.Writer, ct), BoardAsync(boardRequests.Reader, ct) };
            if (reload) tasks.Add(ReloadLoopAsync(ct));
            await Task.WhenAll(tasks);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
    }

    private async Task ReloadLoopAsync(CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested) await Requests.GetAsync(http, "/", log.Page, keepBody: false, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
    }

    private async Task BoardAsync(ChannelReader<bool> requests, CancellationToken ct)
    {
        try
        {
            await foreach (var _ in requests.ReadAllAsync(ct))
            {
                var board = await Requests.GetAsync(http, "/?handler=Board", log.Board, keepBody: true, ct);
                if (Requests.RenderedVersion(board) is { } version) Interlocked.Exchange(ref _rendered, version);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
    }

    /// <summary>A minimal EventSource: dispatches on the blank line, keeps the last event id, reconnects after 1 s when the stream ends.</summary>
    private async Task StreamAsync(ChannelWriter<bool> boardRequests, CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, "/live/status");
                    request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
                    using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
                    if (!response.IsSuccessStatusCode)
                    {
                        log.Stream.Fail($"HTTP {(int)response.StatusCode}");
                    }
                    else
                    {
                        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
                        string? id = null, type = null;
                        while (await reader.ReadLineAsync(ct) is { } line)
                        {
                            if (line.Length == 0)
                            {
                                if (type == "status")
                                {
                                    log.Event();
                                    if (id != Interlocked.Read(ref _rendered).ToString()) boardRequests.TryWrite(true);
                                }
                                type = null;
                            }
                            else if (line.StartsWith("id:", StringComparison.Ordinal)) id = line[3..].Trim();
                            else if (line.StartsWith("event:", StringComparison.Ordinal)) type = line[6..].Trim();
                        }
                        if (!ct.IsCancellationRequested) log.Stream.Fail("stream ended");
                    }
                }
                catch (Exception e) when (!ct.IsCancellationRequested && e is HttpRequestException or IOException)
                {
                    log.Stream.Fail(e.GetType().Name + ": " + e.Message);
                }
                await Task.Delay(1000, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
    }
}
