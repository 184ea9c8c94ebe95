using System.Text;
using System.Text.Json;

namespace Portal.LocalCloud.Protocol;

/// <summary>A verified AWS API request: who signed it, for which region and service, and its body.</summary>
public sealed class ApiRequest
{
    public required HttpContext Http { get; init; }
    public required string Region { get; init; }
    public required string SigningService { get; init; }

    /// <summary>The signer's AWS account: each API shows a caller only its own account's resources, as AWS does.</summary>
    public required string AccountId { get; init; }
    public required byte[] Body { get; init; }

    /// <summary>For JSON protocols: the operation from X-Amz-Target after the dot; for Query: the Action.</summary>
    public string? Operation { get; init; }

    public string BodyText => Encoding.UTF8.GetString(Body);

    /// <summary>The JSON body (an empty object when the body is empty); a malformed body is the caller's error.</summary>
    public JsonElement Json()
    {
        if (Body.Length == 0) return JsonDocument.Parse("{}").RootElement;
        try { return JsonDocument.Parse(Body).RootElement; }
        catch (JsonException e) { throw new AwsError("SerializationException", $"Request body is not valid JSON: {e.Message}"); }
    }
}
