using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Portal.Tests.Telemetry;

/// <summary>OTLP export follows the standard variables: a provider only when an endpoint is set.</summary>
public sealed class OtlpSwitchTests
{
    [Fact]
    public async Task Without_an_OTLP_endpoint_no_provider_is_built()
    {
        await using var app = new PortalApplication();
        using var http = app.CreateClient();

        Assert.Null(app.Services.GetService<TracerProvider>());
        Assert.Null(app.Services.GetService<MeterProvider>());
    }

    [Fact]
    public async Task An_OTLP_endpoint_turns_export_on_and_OTEL_SDK_DISABLED_turns_it_off()
    {
        // Port 9 on loopback (discard): nothing listens; the exporter's failures are its own, the portal starts regardless.
        await using (var exporting = new PortalApplication().With("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:9"))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, (await exporting.CreateClient().GetAsync("/healthz")).StatusCode);
            Assert.NotNull(exporting.Services.GetService<TracerProvider>());
            Assert.NotNull(exporting.Services.GetService<MeterProvider>());
        }

        await using var disabled = new PortalApplication().With("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:9").With("OTEL_SDK_DISABLED", "true");
        using var http = disabled.CreateClient();
        Assert.Null(disabled.Services.GetService<TracerProvider>());
    }
}
