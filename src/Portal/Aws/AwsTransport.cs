using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Amazon.Runtime.Signing;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using Portal.Core.Status;

namespace Portal.Aws;

/// <summary>The raw answer of one attempt; Error is set for non-2xx answers.</summary>
public sealed record AwsRawResponse(HttpStatusCode Status, string Body, AwsErrorInfo? Error, string? RequestId)
{
    public string? ErrorCode => Error?.Code;

    public bool IsSuccess => (int)Status is >= 200 and < 300;
    public bool IsRetryable => (int)Status >= 500 || AwsErrorCodes.IsThrottling(ErrorCode);
}

/// <summary>An error answer's code and message, whatever the protocol wrote them in.</summary>
public sealed record AwsErrorInfo(string Code, string Message)
{
    /// <summary>An error body the protocol's reader could not make sense of (a proxy's HTML page, a truncated answer): named by its status.</summary>
    public static AwsErrorInfo Unreadable(HttpStatusCode status, string? body) =>
        new((int)status >= 500 ? "InternalFailure" : "UnknownError",
            string.IsNullOrWhiteSpace(body) ? $"HTTP {(int)status} with an empty body" : $"HTTP {(int)status} with an unreadable error body: " +
                $"{AwsTransport.Excerpt(body)}");
}

/// <summary>Reads a protocol's error answer (body and headers) into its code and message.</summary>
public delegate AwsErrorInfo AwsErrorReader(HttpStatusCode status, string body, HttpResponseHeaders headers);

/// <summary>
/// One AWS operation call, whatever the protocol: <paramref name="CreateRequest"/> builds a fresh request
/// for each attempt from the service's endpoint (a sent HttpRequestMessage cannot be sent again), and
/// <paramref name="ReadError"/> reads the protocol's error format.
/// </summary>
/// <param name="Resource">What the call is about (a service ARN, a health check or hosted zone id, a table, a repository):
/// it decides whose AWS account's credentials sign the call (<see cref="AwsAccountRouter"/>); null signs with the portal's own.</param>
public sealed record AwsCall(AwsService Service, string Region, string Operation, Func<Uri, HttpRequestMessage> CreateRequest, AwsErrorReader ReadError,
    string? Resource = null);

/// <summary>
/// What every protocol (JSON, REST-XML, Query) shares: the signed named HttpClient, the Polly pipeline
/// (retries with jitter on throttling, 5xx, timeouts and connection failures; per-attempt and total
/// timeouts), per-attempt logging and the typed errors. Retries sit outside the signer so every attempt
/// is signed afresh; attempts are logged without headers or bodies, so no signature or secret reaches the log.
/// </summary>
public sealed class AwsTransport
{
    private static readonly HttpRequestOptionsKey<string> RegionKey = new(SigV4SigningHandler.RegionOptionKey);
    private static readonly HttpRequestOptionsKey<string> ServiceKey = new(SigV4SigningHandler.ServiceOptionKey);

    private readonly IHttpClientFactory _clients;
    private readonly AwsEndpointResolver _endpoints;
    private readonly AwsAccountRouter _accounts;
    private readonly ILogger<AwsTransport> _logger;
    private readonly ResiliencePipeline<AwsRawResponse> _pipeline;
    private readonly ThrottleFeedback _throttles;

    public AwsTransport(IHttpClientFactory clients, AwsEndpointResolver endpoints, AwsAccountRouter accounts, IOptions<AwsOptions> options,
        ILogger<AwsTransport> logger, TimeProvider time,
        ThrottleFeedback throttles)
    {
        _throttles = throttles;
        _clients = clients;
        _endpoints = endpoints;
        _accounts = accounts;
        _logger = logger;
        _pipeline = BuildPipeline(options.Value.Resilience, time);
    }

    public static ResiliencePipeline<AwsRawResponse> BuildPipeline(AwsResilienceOptions options, TimeProvider time)
    {
        var builder = new ResiliencePipelineBuilder<AwsRawResponse> { TimeProvider = time }.AddTimeout(options.TotalTimeout);
        // Polly refuses a retry strategy with no retries; MaxRetries = 0 simply leaves it out.
        if (options.MaxRetries > 0)
            builder.AddRetry(new RetryStrategyOptions<AwsRawResponse>
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxDelay,
                ShouldHandle = new PredicateBuilder<AwsRawResponse>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(r => r.IsRetryable),
            });
        return builder.AddTimeout(options.AttemptTimeout).Build();
    }

    /// <summary>Sends the call and parses a successful answer's body; a <see cref="WireFormatException"/> from <paramref name="parse"/> becomes an <see
    /// cref="AwsResponseException"/>.</summary>
    public async Task<T> CallAsync<T>(AwsCall call, Func<string, T> parse, CancellationToken ct)
    {
        var body = await SendAsync(call, ct);
        try
        {
            return parse(body);
        }
        catch (WireFormatException e)
        {
            throw new AwsResponseException(call.Service.DisplayName, call.Operation, call.Region, e.Message, e);
        }
    }

    /// <summary>Sends the call (retrying as configured) and returns a successful answer's body, or throws an <see cref="AwsException"/>.</summary>
    public async Task<string> SendAsync(AwsCall call, CancellationToken ct)
    {
        var attempt = 0;
        using var telemetry = AwsCallTelemetry.Start(call.Service, call.Operation, call.Region);
        AwsRawResponse response;
        var credentials = _accounts.CredentialsFor(call.Service, call.Region, call.Operation, call.Resource);
        await AwsAccountRouter.ResolveAsync(credentials, ct);
        try
        {
            response = await _pipeline.ExecuteAsync(async token =>
            {
                attempt++;
                var started = Stopwatch.GetTimestamp();
                try
                {
                    var result = await SendOnceAsync(call, credentials, token);
                    telemetry.Attempt(attempt, (int)result.Status, result.ErrorCode);
                    // Every throttled attempt, retried or final, slows the collector's reads of that API (adaptive, like the SDKs).
                    if (result.Status == HttpStatusCode.TooManyRequests || AwsErrorCodes.IsThrottling(result.ErrorCode))
                        foreach (var (api, budgetRegion) in ThrottleFeedback.BudgetsOf(call.Service.SigningName, call.Operation, call.Region))
                            _throttles.Throttled(api, budgetRegion);
                    Log(result.IsSuccess ? LogLevel.Information : LogLevel.Warning, call, ((int)result.Status).ToString(), result.ErrorCode, started, attempt);
                    return result;
                }
                catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !ct.IsCancellationRequested))
                {
                    Log(LogLevel.Warning, call, e is HttpRequestException ? "no answer" : "timed out", e.GetType().Name, started, attempt);
                    telemetry.Attempt(attempt, null, e.GetType().Name);
                    throw;
                }
            }, ct);
        }
        catch (TimeoutRejectedException e)
        {
            throw new AwsUnreachableException(call.Service.DisplayName, call.Operation, call.Region,
                $"no answer within the time allowed ({attempt} attempt(s)).", e);
        }
        catch (HttpRequestException e)
        {
            throw new AwsUnreachableException(call.Service.DisplayName, call.Operation, call.Region, $"{e.Message} ({attempt} attempt(s)).", e);
        }

        if (!response.IsSuccess)
        {
            var error = response.Error ?? AwsErrorInfo.Unreadable(response.Status, response.Body);
            telemetry.Outcome(error.Code);
            throw new AwsServiceException(error.Code, error.Message, response.Status, call.Service.DisplayName, call.Operation, call.Region,
                response.RequestId);
        }
        telemetry.Outcome("success");
        return response.Body;
    }

    private async Task<AwsRawResponse> SendOnceAsync(AwsCall call, Amazon.Runtime.AWSCredentials credentials, CancellationToken ct)
    {
        var endpoint = _endpoints.Resolve(call.Service, call.Region);
        using var request = call.CreateRequest(endpoint);
        request.Options.Set(AccountSigningHandler.CredentialsKey, credentials);
        request.Options.Set(RegionKey, call.Service.SigningRegion(call.Region));
        request.Options.Set(ServiceKey, call.Service.SigningName);

        var client = _clients.CreateClient(call.Service.HttpClientName);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        var requestId = response.Headers.TryGetValues("x-amzn-RequestId", out var ids) ? ids.FirstOrDefault() : null;
        var error = response.IsSuccessStatusCode ? null : call.ReadError(response.StatusCode, body, response.Headers);
        return new AwsRawResponse(response.StatusCode, body, error, requestId);
    }

    private void Log(LogLevel level, AwsCall call, string status, string? code, long started, int attempt) =>
        _logger.Log(level, "AWS {Service} {Operation} {Region}: {Status} {ErrorCode} in {ElapsedMs:F0} ms (attempt {Attempt})",
            call.Service.SigningName, call.Operation, call.Region, status, code ?? "", Stopwatch.GetElapsedTime(started).TotalMilliseconds, attempt);

    internal static string Excerpt(string body) => body.Length <= 120 ? body : body[..120] + "…";
}
