using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Portal.Aws;

/// <summary>An AWS JSON protocol (1.0 or 1.1) API: its X-Amz-Target prefix and content type.</summary>
public sealed record AwsJsonApi(AwsService Service, string TargetPrefix, string ContentType)
{
    public static readonly AwsJsonApi AppRunner = new(AwsService.AppRunner, "AppRunner", "application/x-amz-json-1.0");
    public static readonly AwsJsonApi Ecs = new(AwsService.Ecs, "AmazonEC2ContainerServiceV20141113", "application/x-amz-json-1.1");
    public static readonly AwsJsonApi Ecr = new(AwsService.Ecr, "AmazonEC2ContainerRegistry_V20150921", "application/x-amz-json-1.1");
}

/// <summary>
/// Sends AWS JSON protocol calls: POST / with X-Amz-Target, through the shared <see cref="AwsTransport"/>
/// (signing, retries, timeouts, logging, typed errors).
/// </summary>
public sealed class AwsJsonProtocol(AwsTransport transport)
{
    /// <summary>Calls <paramref name="operation"/> and returns the answer's JSON, or throws an <see cref="AwsException"/>.</summary>
    public Task<JsonElement> CallAsync(AwsJsonApi api, string region, string operation, JsonObject input, CancellationToken ct)
    {
        var payload = input.ToJsonString();
        var call = new AwsCall(api.Service, region, operation, endpoint =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint, "/")) { Content = new StringContent(payload, Encoding.UTF8) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(api.ContentType);
            request.Headers.TryAddWithoutValidation("X-Amz-Target", $"{api.TargetPrefix}.{operation}");
            return request;
        }, (status, body, headers) => AwsJsonErrors.Parse(status, body, headers.TryGetValues("x-amzn-ErrorType", out var types)
            ? types.FirstOrDefault() : null),
            ResourceOf(input));
        return transport.CallAsync(call, body => ParseBody(api.Service.DisplayName, operation, region, body), ct);
    }

    // The members AWS's JSON APIs name a call's resource by (App Runner, ECS, ECR, DynamoDB), most specific first.
    private static readonly string[] ResourceMembers = ["ServiceArn", "serviceArn", "AutoScalingConfigurationArn", "service", "repositoryName", "TableName"];

    /// <summary>What the call is about, so its account's credentials sign it (<see cref="AwsAccountRouter"/>).</summary>
    public static string? ResourceOf(JsonObject input) =>
        ResourceMembers.Select(m => input[m] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null)
            .FirstOrDefault(r => !string.IsNullOrEmpty(r))
        // ECS's DescribeServiceDeployments names its deployments only; their ARNs carry the account.
        ?? (input["serviceDeploymentArns"] is JsonArray { Count: > 0 } arns && arns[0] is JsonValue first && first.TryGetValue<string>(out var arn)
            ? arn : null);

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
            throw new AwsResponseException(service, operation, region, $"the body is not valid JSON ({e.Message}): {AwsTransport.Excerpt(body)}", e);
        }
    }
}

/// <summary>Reads the JSON protocols' error answers: {"__type": "...#Code", "message": "..."} and the x-amzn-ErrorType header.</summary>
public static class AwsJsonErrors
{
    public static AwsErrorInfo Parse(HttpStatusCode status, string? body, string? errorTypeHeader)
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
        return code is null ? AwsErrorInfo.Unreadable(status, body) : new AwsErrorInfo(code, message ?? "(no message)");
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
