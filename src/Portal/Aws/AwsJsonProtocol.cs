using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.Runtime.Signing;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Portal.Aws;

/// <summary>An AWS JSON protocol (1.0 or 1.1) API: its X-Amz-Target prefix and content type.</summary>
public sealed record AwsJsonApi(AwsService Service, string TargetPrefix, string ContentType)
{
    public static readonly AwsJsonApi AppRunner = new(AwsService.AppRunner, "AppRunner", "application/x-amz-json-1.0");
    public static readonly AwsJsonApi Ecr = new(AwsService.Ecr, "AmazonEC2ContainerRegistry_V20150921", "application/x-amz-json-1.1");
}

/// <summary>
/// Sends AWS JSON protocol calls: POST / with X-Amz-Target, signed by the SigV4 handler that is each
/// named client's primary handler. Retries (Polly) sit outside the signer so every attempt is signed
/// afresh; each attempt is logged without headers or bodies, so no signature or secret reaches the log.
/// </summary>
public sealed class AwsJsonProtocol
{
    private static readonly HttpRequestOptionsKey<string> RegionKey = new(SigV4SigningHandler.RegionOptionKey);
    private static readonly HttpRequestOptionsKey<string> ServiceKey = new(SigV4SigningHandler.ServiceOptionKey);

    private readonly IHttpClientFactory _clients;
    private readonly AwsEndpointResolver _endpoints;
    private readonly ILogger<AwsJsonProtocol> _logger;
    private readonly ResiliencePipeline<RawResponse> _pipeline;

    public AwsJsonProtocol(IHttpClientFactory clients, AwsEndpointResolver endpoints, IOptions<AwsOptions> options, ILogger<AwsJsonProtocol> logger, TimeProvider time)
    {
        _clients = clients;
        _endpoints = endpoints;
        _logger = logger;
        _pipeline = BuildPipeline(options.Value.Resilience, time);
    }

    /// <summary>The raw answer of one attempt; ErrorCode is set for non-2xx answers.</summary>
    public sealed record RawResponse(HttpStatusCode Status, string Body, string? ErrorCode, string? RequestId)
    {
        public bool IsSuccess => (int)Status is >= 200 and < 300;
        public bool IsRetryable => (int)Status >= 500 || AwsErrorCodes.IsThrottling(ErrorCode);
    }

    public static ResiliencePipeline<RawResponse> BuildPipeline(AwsResilienceOptions options, TimeProvider time)
    {
        var builder = new ResiliencePipelineBuilder<RawResponse> { TimeProvider = time }.AddTimeout(options.TotalTimeout);
        // Polly refuses a retry strategy with no retries; MaxRetries = 0 simply leaves it out.
        if (options.MaxRetries > 0)
            builder.AddRetry(new RetryStrategyOptions<RawResponse>
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxDelay,
                ShouldHandle = new PredicateBuilder<RawResponse>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(r => r.IsRetryable),
            });
        return builder.AddTimeout(options.AttemptTimeout).Build();
    }

    /// <summary>Calls <paramref name="operation"/> and returns the answer's JSON, or throws an <see cref="AwsException"/>.</summary>
    public async Task<JsonElement> CallAsync(AwsJsonApi api, string region, string operation, JsonObject input, CancellationToken ct)
    {
        var service = api.Service;
        var payload = input.ToJsonString();
        var attempt = 0;
        RawResponse response;
        try
        {
            response = await _pipeline.ExecuteAsync(async token =>
            {
                attempt++;
                var started = Stopwatch.GetTimestamp();
                try
                {
                    var result = await SendOnceAsync(api, region, operation, payload, token);
                    Log(result.IsSuccess ? LogLevel.Information : LogLevel.Warning, service, operation, region, ((int)result.Status).ToString(), result.ErrorCode, started, attempt);
                    return result;
                }
                catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !ct.IsCancellationRequested))
                {
                    Log(LogLevel.Warning, service, operation, region, e is HttpRequestException ? "no answer" : "timed out", e.GetType().Name, started, attempt);
                    throw;
                }
            }, ct);
        }
        catch (TimeoutRejectedException e)
        {
            throw new AwsUnreachableException(service.DisplayName, operation, region, $"no answer within the time allowed ({attempt} attempt(s)).", e);
        }
        catch (HttpRequestException e)
        {
            throw new AwsUnreachableException(service.DisplayName, operation, region, $"{e.Message} ({attempt} attempt(s)).", e);
        }

        if (!response.IsSuccess)
        {
            var error = AwsJsonErrors.Parse(response.Status, response.Body, response.ErrorCode);
            throw new AwsServiceException(error.Code, error.Message, response.Status, service.DisplayName, operation, region, response.RequestId);
        }
        return ParseBody(service.DisplayName, operation, region, response.Body);
    }

    /// <summary>A successful answer's JSON object; anything else (empty, garbled, not an object) is an <see cref="AwsResponseException"/>.</summary>
    public static JsonElement ParseBody(string service, string operation, string region, string body)
    {
        if (string.IsNullOrWhiteSpace(body)) throw new AwsResponseException(service, operation, region, "the body was empty.");
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new AwsResponseException(service, operation, region, $"expected a JSON object, got {document.RootElement.ValueKind}.");
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new AwsResponseException(service, operation, region, $"the body is not valid JSON ({e.Message}): {Excerpt(body)}", e);
        }
    }

    private async Task<RawResponse> SendOnceAsync(AwsJsonApi api, string region, string operation, string payload, CancellationToken ct)
    {
        var endpoint = _endpoints.Resolve(api.Service, region);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint, "/"))
        {
            Content = new StringContent(payload, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(api.ContentType);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", $"{api.TargetPrefix}.{operation}");
        request.Options.Set(RegionKey, api.Service.SigningRegion(region));
        request.Options.Set(ServiceKey, api.Service.SigningName);

        var client = _clients.CreateClient(api.Service.HttpClientName);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        var requestId = response.Headers.TryGetValues("x-amzn-RequestId", out var ids) ? ids.FirstOrDefault() : null;
        string? code = null;
        if (!response.IsSuccessStatusCode)
        {
            var errorType = response.Headers.TryGetValues("x-amzn-ErrorType", out var types) ? types.FirstOrDefault() : null;
            code = AwsJsonErrors.Parse(response.StatusCode, body, errorType).Code;
        }
        return new RawResponse(response.StatusCode, body, code, requestId);
    }

    private void Log(LogLevel level, AwsService service, string operation, string region, string status, string? code, long started, int attempt) =>
        _logger.Log(level, "AWS {Service} {Operation} {Region}: {Status} {ErrorCode} in {ElapsedMs:F0} ms (attempt {Attempt})",
            service.SigningName, operation, region, status, code ?? "", Stopwatch.GetElapsedTime(started).TotalMilliseconds, attempt);

    internal static string Excerpt(string body) => body.Length <= 120 ? body : body[..120] + "…";
}

/// <summary>Reads the JSON protocols' error answers: {"__type": "...#Code", "message": "..."} and the x-amzn-ErrorType header.</summary>
public static class AwsJsonErrors
{
    public sealed record Error(string Code, string Message);

    public static Error Parse(HttpStatusCode status, string? body, string? errorTypeHeader)
    {
        string? code = null, message = null;
        if (!string.IsNullOrWhiteSpace(body))
        {
            try
            {
                using var document = JsonDocument.Parse(body);
                var root = document.RootElement;
                if (root.ValueKind == JsonValueKind.Object)
                {
                    foreach (var property in root.EnumerateObject())
                    {
                        if (property.Value.ValueKind != JsonValueKind.String) continue;
                        if (property.Name is "__type" or "code" or "Code") code ??= property.Value.GetString();
                        else if (property.Name is "message" or "Message" or "errorMessage") message ??= property.Value.GetString();
                    }
                }
            }
            catch (JsonException)
            {
                // Not JSON (a proxy's HTML page, a truncated answer): reported below by status.
            }
        }
        code = Clean(code) ?? Clean(errorTypeHeader);
        if (code is null)
            return new Error((int)status >= 500 ? "InternalFailure" : "UnknownError",
                string.IsNullOrWhiteSpace(body) ? $"HTTP {(int)status} with an empty body" : $"HTTP {(int)status} with an unreadable error body: {AwsJsonProtocol.Excerpt(body)}");
        return new Error(code, message ?? "(no message)");
    }

    /// <summary>"com.amazonaws.apprunner#InvalidStateException" and "InvalidStateException:http://..." both mean InvalidStateException.</summary>
    public static string? Clean(string? code)
    {
        if (string.IsNullOrWhiteSpace(code)) return null;
        var hash = code.LastIndexOf('#');
        if (hash >= 0) code = code[(hash + 1)..];
        var colon = code.IndexOf(':');
        if (colon >= 0) code = code[..colon];
        code = code.Trim();
        return code.Length == 0 ? null : code;
    }
}
