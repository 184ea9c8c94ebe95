using System.Diagnostics;
using System.Diagnostics.Metrics;
using Portal.Core.Operations;

namespace Portal.Core.Telemetry;

/// <summary>
/// The portal's own spans and instruments, defined once. They are the BCL's ActivitySource and Meter, so Core can use
/// them without OpenTelemetry; the host decides whether anything listens (see the Portal's TelemetryExtensions).
/// Static because an ActivitySource and a Meter are process-wide names, not per-host services: listeners subscribe by
/// name. Attribute names follow OpenTelemetry's semantic conventions where one exists (rpc.*, cloud.region).
/// </summary>
public static class PortalTelemetry
{
    public const string Name = "Portal";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    /// <summary>AWS API calls (after retries) by service, operation, region and outcome ("success", the AWS error code, or "unreachable").</summary>
    public static readonly Counter<long> AwsCalls = Meter.CreateCounter<long>("portal.aws.calls", "{call}",
        "AWS API calls by operation and final outcome, retries included in one call.");

    public static readonly Histogram<double> AwsCallDuration = Meter.CreateHistogram<double>("portal.aws.call.duration", "s",
        "Time of one AWS API call, retries and back-off included.");

    /// <summary>Attempts AWS answered with a throttling error (or 429): the sign that the portal is near an API budget.</summary>
    public static readonly Counter<long> AwsThrottles = Meter.CreateCounter<long>("portal.aws.throttles", "{attempt}",
        "AWS API attempts refused for throttling.");

    public static readonly Histogram<double> JobDuration = Meter.CreateHistogram<double>("portal.jobs.duration", "s",
        "Operations (jobs) from request to end, by kind and outcome.");

    public static readonly UpDownCounter<long> ViewersConnected = Meter.CreateUpDownCounter<long>("portal.viewers.connected", "{viewer}",
        "Browsers holding the live status stream open.");

    public const string OperationIdTag = "portal.operation.id";
    public const string OperationKindTag = "portal.operation.kind";
    public const string EnvironmentTag = "portal.environment";
    public const string OutcomeTag = "portal.outcome";
    public const string StepTag = "portal.step";

    /// <summary>The span of one run of an operation (a job); steps run inside it become its children.</summary>
    public static Activity? StartJob(OperationRecord record)
    {
        var span = Source.StartActivity($"job {record.Kind}", ActivityKind.Internal);
        span?.SetTag(OperationIdTag, record.Id);
        span?.SetTag(OperationKindTag, record.Kind.ToString());
        span?.SetTag(EnvironmentTag, record.Environment);
        span?.SetTag("portal.operation.resumed", record.State == OperationState.Running);
        return span;
    }

    public static Activity? StartStep(OperationRecord record, string step)
    {
        var span = Source.StartActivity($"step {step}", ActivityKind.Internal);
        span?.SetTag(OperationIdTag, record.Id);
        span?.SetTag(StepTag, step);
        return span;
    }

    /// <summary>Records how an operation ended: its duration since it was requested and its outcome, on the metric and the job's span.</summary>
    public static void JobFinished(OperationRecord record, OperationState state, DateTimeOffset now)
    {
        var kind = new KeyValuePair<string, object?>(OperationKindTag, record.Kind.ToString());
        var outcome = new KeyValuePair<string, object?>(OutcomeTag, state.ToString());
        JobDuration.Record(Math.Max(0, (now - record.CreatedAt).TotalSeconds), kind, outcome);
        if (Activity.Current is { } span && span.Source == Source && Equals(span.GetTagItem(OperationIdTag), record.Id))
        {
            span.SetTag(OutcomeTag, state.ToString());
            if (state != OperationState.Succeeded) span.SetStatus(ActivityStatusCode.Error, state.ToString());
        }
    }
}
