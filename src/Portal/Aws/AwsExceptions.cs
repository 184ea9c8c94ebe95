using System.Net;

namespace Portal.Aws;

/// <summary>An AWS call that did not give the portal an answer it can use.</summary>
public abstract class AwsException(string service, string operation, string region, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public string Service { get; } = service;
    public string Operation { get; } = operation;
    public string Region { get; } = region;

    /// <summary>The service itself is failing (5xx after retries, or no answer at all), as opposed to refusing or mis-answering this call.</summary>
    public virtual bool IsServiceFailure => false;
}

/// <summary>AWS answered with an error (its code and message), after any retries.</summary>
public sealed class AwsServiceException(string code, string errorMessage, HttpStatusCode status, string service, string operation, string region,
    string? requestId = null)
    : AwsException(service, operation, region, $"{service} {operation} in {region} failed: {code} (HTTP {(int)status}): " +
        $"{errorMessage}{AwsErrorCodes.CredentialsHint(code)}")
{
    public string Code { get; } = code;
    public string ErrorMessage { get; } = errorMessage;
    public HttpStatusCode StatusCode { get; } = status;
    public string? RequestId { get; } = requestId;

    public bool IsThrottling => AwsErrorCodes.IsThrottling(Code);

    public override bool IsServiceFailure => (int)StatusCode >= 500;
}

/// <summary>AWS (or something pretending to be it) answered, but not in a shape the adapter can read.</summary>
public sealed class AwsResponseException(string service, string operation, string region, string problem, Exception? inner = null)
    : AwsException(service, operation, region, $"{service} {operation} in {region} gave an unreadable answer: {problem}", inner);

/// <summary>No answer at all: connection failure or timeout, after any retries.</summary>
public sealed class AwsUnreachableException(string service, string operation, string region, string problem, Exception? inner = null)
    : AwsException(service, operation, region, $"{service} {operation} in {region} could not be reached: {problem}", inner)
{
    public override bool IsServiceFailure => true;
}

public static class AwsErrorCodes
{
    private static readonly HashSet<string> Throttling = new(StringComparer.Ordinal)
    {
        "ThrottlingException", "Throttling", "TooManyRequestsException", "RequestLimitExceeded", "PriorRequestNotComplete",
    };

    public static bool IsThrottling(string? code) => code is not null && Throttling.Contains(code);

    /// <summary>What an operator does about a credentials error (every page shows this message), or nothing for other codes.</summary>
    public static string CredentialsHint(string? code) => code switch
    {
        "ExpiredToken" or "ExpiredTokenException" =>
            " (the portal's temporary AWS credentials have expired: renew the session that supplies them, e.g. aws sso login, the role it assumes or its " +
                "credential_process)",
        "InvalidClientTokenId" or "UnrecognizedClientException" =>
            " (AWS does not recognise the portal's access key or session token: check the credentials the portal runs with)",
        _ => "",
    };
}

/// <summary>The portal cannot tell whose account's credentials to sign the call with (a resource name shared across accounts).</summary>
public sealed class AwsAccountException(string service, string operation, string region, string problem, Exception? inner = null)
    : AwsException(service, operation, region, $"{service} {operation} in {region} was not sent: {problem}", inner);
