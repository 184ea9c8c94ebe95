namespace Portal.LocalCloud.Protocol;

/// <summary>One AWS service's API as LocalCloud serves it.</summary>
public interface IAwsApi
{
    /// <summary>The service name in the SigV4 credential scope (apprunner, ecr, route53, monitoring, dynamodb).</summary>
    string SigningName { get; }

    AwsProtocol Protocol { get; }

    /// <summary>The throttling error code this service answers with.</summary>
    string ThrottlingCode { get; }

    /// <summary>True when this API serves the request (by X-Amz-Target prefix, path or Action), before the signature is checked.</summary>
    bool Matches(HttpRequest request);

    /// <summary>The operation a REST request calls, told by method and path (JSON and Query protocols name it themselves).</summary>
    string? OperationOf(HttpRequest request) => null;

    /// <summary>Handles a verified request, writing the response; throws <see cref="AwsError"/> for AWS errors.</summary>
    Task HandleAsync(ApiRequest request);
}
