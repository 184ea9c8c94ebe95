using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Portal.Aws;
using Portal.Core.Images;
using Portal.Core.Telemetry;
using Portal.Tests.Aws;
using static Portal.Tests.Telemetry.TelemetryCapture;

namespace Portal.Tests.Telemetry;

/// <summary>Throttled attempts as LocalCloud's fault makes them: each one an event of the call's span, and counted.</summary>
public sealed class AwsCallTelemetryTests(LocalCloudFixture fixture) : IClassFixture<LocalCloudFixture>
{
    private static readonly ActivitySource TestSource = new("Portal.Tests.Telemetry");

    [Fact]
    public async Task A_throttled_call_records_every_attempt_and_counts_the_throttles()
    {
        var spans = new List<Activity>();
        var metrics = new List<MetricSnapshot>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(PortalTelemetry.Name, TestSource.Name).AddInMemoryExporter(spans).Build();
        using var meters = Sdk.CreateMeterProviderBuilder().AddMeter(PortalTelemetry.Name).AddInMemoryExporter(metrics).Build();
        using var adapters = AdapterHarness.Build(fixture.Cloud, maxRetries: 2);
        fixture.Cloud.Faults.SetThrottling(1, "ecr");
        ActivityTraceId trace;
        try
        {
            using var root = TestSource.StartActivity("test")!;
            trace = root.TraceId;
            await Assert.ThrowsAsync<AwsServiceException>(() => adapters.GetRequiredService<IImageRegistry>().FindImageAsync("us-east-2", "webapp", "v1"));
        }
        finally
        {
            fixture.Cloud.Faults.SetThrottling(0, null);
        }
        tracing.ForceFlush();
        meters.ForceFlush();

        Activity call;
        lock (spans) call = Assert.Single(spans, s => s.TraceId == trace && s.Kind == ActivityKind.Client);
        Assert.Equal("ecr", Tag(call, "rpc.service"));
        Assert.Equal("us-east-2", Tag(call, "cloud.region"));
        Assert.Equal(3, Tag(call, "aws.attempts"));
        Assert.Equal(true, Tag(call, "aws.throttled"));
        Assert.Equal("ThrottlingException", Tag(call, "aws.outcome"));
        Assert.Equal(ActivityStatusCode.Error, call.Status);
        Assert.Equal([1, 2, 3], call.Events.Select(e => (int)e.Tags.First(t => t.Key == "aws.attempt").Value!));

        // Other tests' ECR calls may land in the same process-wide instruments: at least this call's three.
        Assert.Contains(Points(metrics, "portal.aws.throttles"), p => Equals(p.Tags["rpc.service"], "ecr") && Equals(p.Tags["cloud.region"], "us-east-2")
            && p.Value >= 3);
        Assert.Contains(Points(metrics, "portal.aws.calls"), p => Equals(p.Tags["rpc.service"], "ecr") && Equals(p.Tags["outcome"], "ThrottlingException")
            && p.Value >= 1);
    }
}
