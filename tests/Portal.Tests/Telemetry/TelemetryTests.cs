using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Portal.Core.Telemetry;
using Portal.Tests.Jobs;
using static Portal.Tests.Telemetry.TelemetryCapture;

namespace Portal.Tests.Telemetry;

/// <summary>
/// The portal's own traces and metrics, caught by OpenTelemetry's in-memory exporters in a portal that exports
/// (as it would with OTEL_EXPORTER_OTLP_ENDPOINT set). Spans are picked by this test's operation id; metrics are
/// process-wide instruments, so assertions read tags only this test produces or lower bounds.
/// </summary>
public sealed class TelemetryTests : IAsyncLifetime
{
    private readonly List<Activity> _spans = [];
    private readonly List<MetricSnapshot> _metrics = [];
    private readonly PortalApplication _app = new();
    private JobsClient _jobs = null!;

    public Task InitializeAsync()
    {
        _app.WithServices(s => s.AddOpenTelemetry()
            .WithTracing(t => t.AddInMemoryExporter(_spans))
            .WithMetrics(m => m.AddInMemoryExporter(_metrics)));
        _jobs = new JobsClient(_app);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private void Flush()
    {
        _app.Services.GetRequiredService<TracerProvider>().ForceFlush();
        _app.Services.GetRequiredService<MeterProvider>().ForceFlush();
    }

    [Fact]
    public async Task A_job_is_a_span_with_a_child_per_step_whose_AWS_calls_are_client_spans_without_secrets()
    {
        var id = await _jobs.AcceptedAsync("/api/environments/staging/pause", new { region = "us-east-2" });
        Assert.Equal("Succeeded", (await _jobs.FinishedAsync(id)).GetProperty("state").GetString());
        Flush();

        Activity[] spans;
        lock (_spans) spans = [.. _spans];
        var job = Assert.Single(spans, s => s.Source.Name == PortalTelemetry.Name && s.OperationName == "job Pause"
            && (string?)Tag(s, PortalTelemetry.OperationIdTag) == id);
        Assert.Equal("Succeeded", Tag(job, PortalTelemetry.OutcomeTag));
        var steps = spans.Where(s => s.ParentSpanId == job.SpanId && s.OperationName.StartsWith("step ", StringComparison.Ordinal)).OrderBy(s => s.StartTimeUtc)
            .ToList();
        Assert.Equal(["step us-east-2: pause", "step us-east-2: wait until PAUSED"], steps.Select(s => s.OperationName));
        Assert.All(steps, s => Assert.Equal(job.TraceId, s.TraceId));

        var pause = Assert.Single(spans, s => s.ParentSpanId == steps[0].SpanId && s.OperationName == "apprunner.PauseService");
        Assert.Equal(ActivityKind.Client, pause.Kind);
        Assert.Equal("aws-api", Tag(pause, "rpc.system"));
        Assert.Equal("us-east-2", Tag(pause, "cloud.region"));
        Assert.Equal(1, Tag(pause, "aws.attempts"));
        Assert.Equal(false, Tag(pause, "aws.throttled"));
        Assert.Equal("success", Tag(pause, "aws.outcome"));
        Assert.Contains(pause.Events, e => e.Name == "attempt");
        // The attempt itself is an HTTP child span, signed: its tags must not carry the signature or the query.
        var http = Assert.Single(spans, s => s.ParentSpanId == pause.SpanId);
        Assert.Equal(ActivityKind.Client, http.Kind);
        Assert.Contains(spans.Where(s => s.ParentSpanId == steps[1].SpanId), s => s.OperationName == "apprunner.DescribeService");

        // The request that queued the job is a server span of its own.
        Assert.Contains(spans, s => s.Kind == ActivityKind.Server && (string?)Tag(s, "url.path") == "/api/environments/staging/pause");
        foreach (var span in spans)
            foreach (var tag in span.TagObjects.Concat(span.Events.SelectMany(e => e.Tags)))
            {
                Assert.DoesNotContain("authorization", tag.Key, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(PortalApplication.LocalToken, tag.Value?.ToString() ?? "", StringComparison.Ordinal);
                Assert.DoesNotContain("Signature=", tag.Value?.ToString() ?? "", StringComparison.Ordinal);
            }

        var calls = Points(_metrics, "portal.aws.calls");
        Assert.Contains(calls, p => Equals(p.Tags["rpc.method"], "PauseService") && Equals(p.Tags["cloud.region"], "us-east-2")
            && Equals(p.Tags["outcome"], "success") && p.Value >= 1);
        var jobs = Points(_metrics, "portal.jobs.duration");
        Assert.Contains(jobs, p => Equals(p.Tags[PortalTelemetry.OperationKindTag], "Pause") && Equals(p.Tags[PortalTelemetry.OutcomeTag], "Succeeded")
            && p.Value >= 1);
    }

    [Fact]
    public async Task Collector_freshness_is_a_gauge_per_kind_of_value_and_viewers_are_counted_while_connected()
    {
        var http = _jobs.Http;
        Assert.True(await Eventually.Async(() =>
        {
            Flush();
            return Task.FromResult(Points(_metrics, "portal.collector.value_age").Any(p => Equals(p.Tags["portal.value"], "weighted_record")));
        }), "no freshness reading for weighted records");
        var ages = Points(_metrics, "portal.collector.value_age");
        foreach (var kind in new[] { "service", "operations", "health_check", "weighted_record", "replica" })
            Assert.Contains(ages, p => Equals(p.Tags["portal.environment"], "production") && Equals(p.Tags["cloud.region"], "us-east-1")
                && Equals(p.Tags["portal.value"], kind));
        Assert.All(ages, p => Assert.True(p.Value >= 0, $"negative age {p.Value}"));

        using var request = new HttpRequestMessage(HttpMethod.Get, "/live/status");
        using var stream = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await using var body = await stream.Content.ReadAsStreamAsync();
        Assert.True(await body.ReadAsync(new byte[16]) > 0);
        Flush();
        Assert.Contains(Points(_metrics, "portal.viewers.connected"), p => p.Value >= 1);
    }
}
