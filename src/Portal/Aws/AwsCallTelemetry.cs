using System.Diagnostics;
using Portal.Core.Telemetry;

namespace Portal.Aws;

/// <summary>
/// One AWS call's client span and metrics: service, operation, region, each attempt (as a span event) and whether
/// AWS throttled it. Only names, codes and counts: never a body, header, URL query or credential.
/// </summary>
public sealed class AwsCallTelemetry : IDisposable
{
    private readonly AwsService _service;
    private readonly string _operation;
    private readonly string _region;
    private readonly Activity? _span;
    private readonly long _started = Stopwatch.GetTimestamp();
    private int _attempts;
    private bool _throttled;
    private string _outcome = "unreachable";

    private AwsCallTelemetry(AwsService service, string operation, string region)
    {
        _service = service;
        _operation = operation;
        _region = region;
        _span = PortalTelemetry.Source.StartActivity($"{service.SigningName}.{operation}", ActivityKind.Client);
        _span?.SetTag("rpc.system", "aws-api");
        _span?.SetTag("rpc.service", service.SigningName);
        _span?.SetTag("rpc.method", operation);
        _span?.SetTag("cloud.region", region);
    }

    public static AwsCallTelemetry Start(AwsService service, string operation, string region) => new(service, operation, region);

    /// <summary>One attempt's answer: its HTTP status (null when nothing answered) and AWS error code; attempt null when an SDK retried out of sight.</summary>
    public void Attempt(int? attempt, int? status, string? errorCode)
    {
        if (attempt is { } n) _attempts = n;
        var throttled = status == 429 || AwsErrorCodes.IsThrottling(errorCode);
        if (throttled)
        {
            _throttled = true;
            PortalTelemetry.AwsThrottles.Add(1, Tags());
        }
        _span?.AddEvent(new ActivityEvent("attempt", tags: new ActivityTagsCollection
        {
            ["aws.attempt"] = attempt,
            ["http.response.status_code"] = status,
            ["aws.error_code"] = errorCode,
            ["aws.throttled"] = throttled,
        }));
    }

    /// <summary>How the call ended: "success", the AWS error code, or (the default, when nothing answered) "unreachable".</summary>
    public void Outcome(string outcome) => _outcome = outcome;

    public void Dispose()
    {
        var tags = Tags();
        tags.Add("outcome", _outcome);
        PortalTelemetry.AwsCalls.Add(1, tags);
        PortalTelemetry.AwsCallDuration.Record(Stopwatch.GetElapsedTime(_started).TotalSeconds, tags);
        if (_span is null) return;
        if (_attempts > 0) _span.SetTag("aws.attempts", _attempts);
        _span.SetTag("aws.throttled", _throttled);
        _span.SetTag("aws.outcome", _outcome);
        if (_outcome != "success") _span.SetStatus(ActivityStatusCode.Error, _outcome);
        _span.Dispose();
    }

    private TagList Tags() => new() { { "rpc.service", _service.SigningName }, { "rpc.method", _operation }, { "cloud.region", _region } };
}
