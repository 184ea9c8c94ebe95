using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using Portal.Core.Operations;

namespace Portal.Jobs;

/// <summary>Where job notifications go (Portal:Notifications): a Slack-compatible incoming webhook.</summary>
public sealed class NotificationOptions
{
    public const string Section = "Portal:Notifications";

    /// <summary>Slack (or compatible) incoming webhook URL; none: no notifications. A secret: never logged.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>Also notify on success (failures, cancels and interruptions are always sent).</summary>
    public bool OnSuccess { get; set; } = true;

    /// <summary>The portal's public address, to link each message to its job page.</summary>
    public string? PortalUrl { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public IEnumerable<string> Problems()
    {
        // Never echoes the webhook URL: it is a secret.
        if (WebhookUrl is not null && !IsHttpUrl(WebhookUrl)) yield return $"{Section}:WebhookUrl must be an absolute http or https URL.";
        if (PortalUrl is not null && !IsHttpUrl(PortalUrl)) yield return $"{Section}:PortalUrl must be an absolute http or https URL (got " +
            $"'{Portal.Core.Text.UntrustedText.Bound(PortalUrl)}').";
        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromMinutes(2)) yield return $"{Section}:Timeout must be above 0 and at most 00:02:00 (got " +
            $"{Timeout}).";
    }

    private static bool IsHttpUrl(string text) => Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
}

/// <summary>
/// Posts {"text": "..."} (Slack's incoming-webhook shape, which Mattermost, Teams' Slack connector and others accept)
/// when a job ends. A failing webhook is logged and never fails the job.
/// </summary>
public sealed class JobNotifier(IHttpClientFactory clients, IOptionsMonitor<NotificationOptions> options, ILogger<JobNotifier> logger)
{
    public const string ClientName = "notifications";

    public async Task NotifyAsync(OperationRecord record)
    {
        var o = options.CurrentValue;
        if (string.IsNullOrWhiteSpace(o.WebhookUrl) || (record.State == OperationState.Succeeded && !o.OnSuccess)) return;
        try
        {
            using var cts = new CancellationTokenSource(o.Timeout);
            using var response = await clients.CreateClient(ClientName).PostAsJsonAsync(o.WebhookUrl, new { text = Text(record, o.PortalUrl) }, cts.Token);
            if (!response.IsSuccessStatusCode)
                logger.LogWarning("The notification webhook answered HTTP {Status} for operation {OperationId}", (int)response.StatusCode, record.Id);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            logger.LogWarning("The notification webhook could not be reached for operation {OperationId}: {Error}", record.Id, ex.Message);
        }
    }

    public static string Text(OperationRecord record, string? portalUrl)
    {
        var icon = record.State switch
        {
            OperationState.Succeeded => ":white_check_mark:",
            OperationState.Cancelled => ":no_entry_sign:",
            _ => ":x:",
        };
        var link = string.IsNullOrWhiteSpace(portalUrl) ? record.Id : $"<{portalUrl.TrimEnd('/')}/jobs/{record.Id}|{record.Id}>";
        return $"{icon} {record.State}: {record.Request.Describe()} (asked by {record.RequestedBy}, job {link})\n{record.Outcome}";
    }
}
