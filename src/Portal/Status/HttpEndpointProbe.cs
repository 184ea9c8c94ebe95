using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Portal.Core.Status;

namespace Portal.Status;

/// <summary>
/// The portal's own GET of each regional endpoint's health route: it shows reachability from where the
/// portal runs even when Route 53's API cannot be read. Not an AWS API call, so not in Aws/.
/// </summary>
public sealed class HttpEndpointProbe(IHttpClientFactory clients, IOptions<StatusOptions> options) : IEndpointProbe
{
    public const string ClientName = "endpoint-probe";

    public async Task<ProbeResult> ProbeAsync(string serviceUrl, CancellationToken ct = default)
    {
        var o = options.Value;
        var url = $"{o.ProbeScheme}://{serviceUrl.TrimEnd('/')}{o.ProbePath}";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(o.ProbeTimeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await clients.CreateClient(ClientName).GetAsync(url, HttpCompletionOption.ResponseContentRead, timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            return new ProbeResult(url, (int)response.StatusCode, Elapsed(started), Describe((int)response.StatusCode, response.ReasonPhrase, body));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new ProbeResult(url, null, Elapsed(started), $"no answer within {o.ProbeTimeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException e)
        {
            var reason = e.InnerException is SocketException socket ? socket.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused",
                SocketError.HostNotFound => "host not found",
                SocketError.TimedOut => "connection timed out",
                _ => socket.Message,
            } : e.HttpRequestError == HttpRequestError.ResponseEnded ? "connection closed without an answer" : e.Message;
            return new ProbeResult(url, null, Elapsed(started), reason);
        }
    }

    private static double Elapsed(long started) => Stopwatch.GetElapsedTime(started).TotalMilliseconds;

    /// <summary>The app's health route may say which region and image answered: worth showing on-call.</summary>
    private static string Describe(int status, string? reason, string body)
    {
        var text = $"HTTP {status} {reason}".TrimEnd();
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object)
            {
                var parts = new[] { "region", "image" }
                    .Where(k => doc.RootElement.TryGetProperty(k, out var v) && v.ValueKind == JsonValueKind.String)
                    // An image is shown as repository:tag; the registry host adds nothing on a card.
                    .Select(k => $"{k} {doc.RootElement.GetProperty(k).GetString()?.Split('/')[^1]}");
                var extra = string.Join(", ", parts);
                if (extra.Length > 0) text += $" ({extra})";
            }
        }
        catch (JsonException) { }
        return text;
    }
}
