using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Portal.Core.Telemetry;

namespace Portal.Telemetry;

/// <summary>
/// The portal's own traces and metrics. What is observed is configured always; a provider (and so any cost) exists
/// only when something exports: OTLP when the standard OTEL_EXPORTER_OTLP_*ENDPOINT variables are set, or a test's
/// in-memory exporter. Otherwise the spans and instruments have no listener and cost next to nothing.
/// </summary>
public static class TelemetryExtensions
{
    /// <summary>The standard variables (OpenTelemetry's SDK configuration spec) that switch OTLP export on.</summary>
    public static readonly IReadOnlyList<string> OtlpEndpointVariables =
    [
        "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT",
    ];

    public static IServiceCollection AddPortalTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<CollectorFreshnessMetrics>();
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing
            .ConfigureResource(r => r.AddService(configuration["OTEL_SERVICE_NAME"] ?? "portal"))
            .AddSource(PortalTelemetry.Name)
            // Probes of /healthz every few seconds would drown the requests people make.
            .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/healthz"))
            // Each AWS attempt becomes an HTTP child of its AWS call's span (the query string is redacted by default).
            .AddHttpClientInstrumentation());
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics
            .ConfigureResource(r => r.AddService(configuration["OTEL_SERVICE_NAME"] ?? "portal"))
            .AddMeter(PortalTelemetry.Name, CollectorFreshnessMetrics.MeterName)
            // Resolving it here creates its gauge only when a meter provider exists to read it.
            .AddInstrumentation(sp => sp.GetRequiredService<CollectorFreshnessMetrics>())
            .AddAspNetCoreInstrumentation()
            .AddHttpClientInstrumentation()
            .AddRuntimeInstrumentation());
        if (OtlpConfigured(configuration)) services.AddOpenTelemetry().UseOtlpExporter();
        return services;
    }

    /// <summary>True when an OTLP endpoint is set and the SDK is not disabled (OTEL_SDK_DISABLED=true).</summary>
    public static bool OtlpConfigured(IConfiguration configuration) =>
        !string.Equals(configuration["OTEL_SDK_DISABLED"], "true", StringComparison.OrdinalIgnoreCase)
        && OtlpEndpointVariables.Any(v => !string.IsNullOrWhiteSpace(configuration[v]));
}
