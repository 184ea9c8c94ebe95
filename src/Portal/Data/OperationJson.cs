using System.Text.Json;
using System.Text.Json.Serialization;
using Portal.Core.Operations;

namespace Portal.Data;

/// <summary>
/// An <see cref="OperationRequest"/> as stored: camelCase JSON with enums by name and unset fields left out, so
/// {"kind":"deploy","environment":"staging","requestedBy":"ana","imageTag":"v2"} reads as what was asked.
/// </summary>
public static class OperationJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string Serialize(OperationRequest request) => JsonSerializer.Serialize(request, Options);

    public static OperationRequest Deserialize(string json, string operationId) =>
        JsonSerializer.Deserialize<OperationRequest>(json, Options)
        ?? throw new InvalidDataException($"Operation {operationId} has no request stored (the request column holds JSON null).");
}
