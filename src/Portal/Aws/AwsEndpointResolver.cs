namespace Portal.Aws;

/// <summary>
/// Where each service's API is, with the AWS SDKs' precedence: an endpoint set in code (local mode:
/// LocalCloud), then AWS_ENDPOINT_URL_{SERVICE}, then AWS_ENDPOINT_URL, then the same two in
/// configuration (Aws:Endpoints:{Service}, Aws:Endpoints:Default), then the real regional endpoint.
/// AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true ignores everything but the code override, as the SDKs do.
/// </summary>
public sealed class AwsEndpointResolver(AwsEndpointOptions configured, Func<string, string?> environment)
{
    private volatile Uri? _everyService;

    /// <summary>Sends every service to one endpoint (LocalCloud in local mode); set once, before the first call.</summary>
    public void UseForEveryService(Uri endpoint) => _everyService = endpoint;

    public Uri Resolve(AwsService service, string region)
    {
        if (_everyService is { } forced) return forced;
        return Resolve(service, region, configured, environment);
    }

    /// <summary>True when the endpoint is not AWS's own, so SDK clients need a ServiceURL override.</summary>
    public bool IsOverridden(AwsService service, string region) => Resolve(service, region) != service.DefaultEndpoint(region);

    public static Uri Resolve(AwsService service, string region, AwsEndpointOptions configured, Func<string, string?> environment)
    {
        if (!string.Equals(environment("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"), "true", StringComparison.OrdinalIgnoreCase))
        {
            foreach (var candidate in new[] { environment(service.EndpointEnvVariable), environment("AWS_ENDPOINT_URL"), configured.For(service),
                configured.Default })
                if (!string.IsNullOrWhiteSpace(candidate))
                    return IsEndpointUrl(candidate)
                        ? new Uri(candidate)
                        : throw new InvalidOperationException($"The endpoint '{candidate}' configured for {service.DisplayName} is not an absolute http or " +
                            $"https URL.");
        }
        return service.DefaultEndpoint(region);
    }

    public static bool IsEndpointUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
