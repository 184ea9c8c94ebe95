using System.Net.Sockets;
using Microsoft.AspNetCore.WebUtilities;

namespace Portal.LocalCloud.Route53;

/// <summary>One checker's probe result, worded as GetHealthCheckStatus reports it (the portal shows these strings).</summary>
public readonly record struct ProbeOutcome(bool Success, string Status)
{
    /// <summary>Route 53 counts 2xx and 3xx as healthy for HTTP checks.</summary>
    public static ProbeOutcome FromStatusCode(int code)
    {
        var ok = code is >= 200 and < 400;
        return new(ok, $"{(ok ? "Success" : "Failure")}: HTTP Status Code {code}, {ReasonPhrases.GetReasonPhrase(code)}");
    }

    public static ProbeOutcome TimedOut() =>
        new(false, "Failure: Connection timed out. The endpoint or the internet connection is down, or requests are being blocked by your firewall. See " +
            "https://docs.aws.amazon.com/console/route53/health-checks-connection-timeout");

    public static ProbeOutcome FromException(HttpRequestException e, int port) =>
        e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused }
            ? new(false, $"Failure: Connection refused. The endpoint is not listening on port {port}, or a firewall is rejecting the connection.")
            : new(false, "Failure: Connection reset. The endpoint closed the connection before it sent an HTTP response.");
}
