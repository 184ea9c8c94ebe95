using Portal.LocalCloud.Faults;
using Portal.LocalCloud.Route53;

namespace Portal.LocalCloud.Protocol;

/// <summary>
/// The front door of the API port: finds the service by the request's shape, verifies its signature,
/// applies injected faults (outage, throttling, latency), then hands it to the service's handler and
/// turns any <see cref="AwsError"/> into that protocol's error response.
/// </summary>
public sealed class ApiDispatcher(IEnumerable<IAwsApi> apis, SigV4Verifier verifier, FaultState faults, Route53RequestRates route53Rates,
    ApiCallCounter counter, ILogger<ApiDispatcher> logger)
{
    private readonly IAwsApi[] _apis = [.. apis];

    public async Task HandleAsync(HttpContext http)
    {
        var api = _apis.FirstOrDefault(a => a.Matches(http.Request));
        if (api is null)
        {
            http.Response.StatusCode = 404;
            await http.Response.WriteAsync("LocalCloud: no AWS API here matches this request (method, path, X-Amz-Target or Action).");
            return;
        }

        try
        {
            var body = await ReadBodyAsync(http.Request);
            var operation = OperationOf(http.Request, body, api.Protocol) ?? api.OperationOf(http.Request);
            // REST protocols (Route 53) name no operation in the request: the method and path say what it was.
            var label = operation ?? http.Request.Method + " " + http.Request.Path;
            counter.Count(api.SigningName, label);
            var scope = verifier.Verify(http.Request, body, api.Protocol);
            if (scope.Service != api.SigningName)
                throw new AwsError(api.Protocol is AwsProtocol.Json10 or AwsProtocol.Json11 ? "InvalidSignatureException" : "SignatureDoesNotMatch",
                    $"Credential should be scoped to correct service: '{api.SigningName}'.", 403);
            counter.CountSigner(api.SigningName, scope.AccessKeyId, scope.AccountId, label);

            var latency = faults.AddedLatency;
            if (latency > TimeSpan.Zero) await Task.Delay(latency, http.RequestAborted);

            if (api.SigningName == "route53" ? faults.Route53ControlPlaneDown : faults.IsRegionDown(scope.Region))
                throw new AwsError(api.Protocol is AwsProtocol.Json10 or AwsProtocol.Json11 ? "ServiceUnavailableException" : "ServiceUnavailable",
                    api.SigningName == "route53" ? "Route 53 control plane is unavailable (LocalCloud fault)." : $"Service is unavailable in {scope.Region} " +
                        $"(LocalCloud fault).", 503, senderFault: false);
            if (faults.ShouldThrottle(api.SigningName, Random.Shared.NextDouble())
                || (api.SigningName == "route53" && !route53Rates.TryAdmit(scope.AccountId, label)))
            {
                counter.CountThrottled(api.SigningName, label);
                throw new AwsError(api.ThrottlingCode, "Rate exceeded", 400);
            }

            var request = new ApiRequest
            {
                Http = http,
                Region = scope.Region,
                SigningService = scope.Service,
                AccountId = scope.AccountId,
                Body = body,
                Operation = operation,
            };
            await api.HandleAsync(request);
        }
        catch (AwsError e)
        {
            logger.LogDebug("LocalCloud {Api} answered {Code}: {Message}", api.SigningName, e.Code, e.Message);
            if (!http.Response.HasStarted) await ErrorWriter.WriteAsync(http, api.Protocol, e);
        }
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        return buffer.ToArray();
    }

    private static string? OperationOf(HttpRequest request, byte[] body, AwsProtocol protocol)
    {
        switch (protocol)
        {
            case AwsProtocol.Json10 or AwsProtocol.Json11:
                var target = request.Headers["X-Amz-Target"].ToString();
                var dot = target.LastIndexOf('.');
                return dot < 0 ? null : target[(dot + 1)..];
            case AwsProtocol.Query:
                var form = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(System.Text.Encoding.UTF8.GetString(body));
                if (form.TryGetValue("Action", out var action)) return action.ToString();
                return request.Query.TryGetValue("Action", out var queryAction) ? queryAction.ToString() : null;
            default:
                return null;
        }
    }
}
