using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Portal.LocalCloud.Protocol;

/// <summary>Reading JSON-protocol inputs with AWS's validation errors, and writing JSON-protocol responses.</summary>
public static class Json
{
    public static Task Write(HttpContext http, AwsProtocol protocol, JsonNode body)
    {
        http.Response.StatusCode = 200;
        http.Response.ContentType = protocol == AwsProtocol.Json11 ? "application/x-amz-json-1.1" : "application/x-amz-json-1.0";
        http.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        return http.Response.WriteAsync(body.ToJsonString());
    }

    public static string RequiredString(JsonElement input, string field, string errorCode) =>
        OptionalString(input, field, errorCode) ?? throw new AwsError(errorCode,
            $"1 validation error detected: Value null at '{field}' failed to satisfy constraint: Member must not be null");

    public static string? OptionalString(JsonElement input, string field, string errorCode = "SerializationException")
    {
        if (input.ValueKind != JsonValueKind.Object || !input.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.String) throw new AwsError(errorCode, $"Value at '{field}' must be a string.");
        return value.GetString();
    }

    public static int? OptionalInt(JsonElement input, string field, string errorCode = "SerializationException")
    {
        if (input.ValueKind != JsonValueKind.Object || !input.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var n)) throw new AwsError(errorCode, $"Value at '{field}' must be an integer.");
        return n;
    }

    /// <summary>Pagination tokens are opaque to callers; here they encode an offset.</summary>
    public static int OffsetFromToken(JsonElement input, string field = "nextToken", string errorCode = "InvalidRequestException")
    {
        var token = OptionalString(input, field);
        return token is null ? 0 : OffsetFromToken(token, errorCode);
    }

    public static int OffsetFromToken(string token, string errorCode)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            if (text.StartsWith("offset:", StringComparison.Ordinal) && int.TryParse(text[7..], NumberStyles.None, CultureInfo.InvariantCulture,
                out var offset)) return offset;
        }
        catch (FormatException) { }
        throw new AwsError(errorCode, "The pagination token is invalid.");
    }

    public static string TokenForOffset(int offset) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"offset:{offset}"));

    /// <summary>JSON protocols carry timestamps as epoch seconds with fractions.</summary>
    public static double Epoch(DateTimeOffset at) => at.ToUnixTimeMilliseconds() / 1000.0;
}
