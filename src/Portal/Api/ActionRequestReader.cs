using System.Text.Json;
using Portal.Core.Operations;

namespace Portal.Api;

/// <summary>
/// Reads an action's JSON body field by field, so a wrong type is a field error ("weights.us-east-1 must be a whole
/// number 0-255") rather than a bare 400. Unknown fields are refused too: a misspelt "imagetag" must not deploy nothing.
/// </summary>
public sealed class ActionRequestReader
{
    private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);
    private readonly JsonElement _body;
    private readonly HashSet<string> _allowed;

    private ActionRequestReader(JsonElement body, IEnumerable<string> allowed)
    {
        _body = body;
        _allowed = [.. allowed];
        if (body.ValueKind != JsonValueKind.Object) return;
        foreach (var property in body.EnumerateObject())
            if (!_allowed.Contains(property.Name))
                Add(property.Name, $"Unknown field. Allowed here: {string.Join(", ", _allowed)}.");
    }

    public IReadOnlyDictionary<string, string[]> Errors => _errors;

    public static async Task<ActionRequestReader> ReadAsync(HttpRequest request, params string[] allowed)
    {
        allowed = [.. allowed, "confirmEnvironment"];
        // No body at all (a rollback, a resume of everything): the same as {}.
        if (request.ContentLength is 0 || (request.ContentLength is null && request.ContentType is null))
            return new ActionRequestReader(JsonDocument.Parse("{}").RootElement, allowed);
        if (request.ContentType is { } type && !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            var refused = new ActionRequestReader(JsonDocument.Parse("{}").RootElement, allowed);
            refused.Add("body", $"Send JSON with Content-Type: application/json (got {type}).");
            return refused;
        }
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, default, request.HttpContext.RequestAborted);
            var reader = new ActionRequestReader(document.RootElement.Clone(), allowed);
            if (document.RootElement.ValueKind != JsonValueKind.Object) reader.Add("body", "The body must be a JSON object.");
            return reader;
        }
        catch (JsonException ex)
        {
            var reader = new ActionRequestReader(JsonDocument.Parse("{}").RootElement, allowed);
            reader.Add("body", $"The body is not valid JSON ({ex.Message}).");
            return reader;
        }
    }

    public string? String(string name)
    {
        if (!TryGet(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.String) return value.GetString();
        Add(name, "Must be a string.");
        return null;
    }

    public bool? Bool(string name)
    {
        if (!TryGet(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False) return value.GetBoolean();
        Add(name, "Must be true or false.");
        return null;
    }

    public Dictionary<string, int>? Weights(string name)
    {
        if (!TryGet(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Object)
        {
            Add(name, "Must be an object of region to weight, e.g. {\"us-east-1\": 255, \"us-east-2\": 0}.");
            return null;
        }
        var weights = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt32(out var weight)) weights[property.Name] = weight;
            else Add($"{name}.{property.Name}", $"Must be a whole number 0-{Core.Traffic.WeightedRouting.MaxWeight}.");
        }
        return weights;
    }

    public void Merge(IReadOnlyDictionary<string, string[]> errors)
    {
        foreach (var (field, messages) in errors)
            foreach (var message in messages) Add(field, message);
    }

    private bool TryGet(string name, out JsonElement value)
    {
        value = default;
        return _body.ValueKind == JsonValueKind.Object && _body.TryGetProperty(name, out value);
    }

    private void Add(string field, string message) => _errors[field] = [.. _errors.GetValueOrDefault(field) ?? [], message];
}
