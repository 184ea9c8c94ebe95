using System.Text.Json;
using Portal.Core.Text;
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

    /// <summary>An action's body is a few short fields; anything near this is a mistake or a probe, refused before parsing.</summary>
    public const int MaxBodyBytes = 16 * 1024;

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement;

    private ActionRequestReader(JsonElement body, IEnumerable<string> allowed)
    {
        _body = body;
        _allowed = [.. allowed];
        if (body.ValueKind != JsonValueKind.Object) return;
        // Names, strings and duplicates are checked before any field is read, so no reader below meets a lone
        // surrogate (GetString throws on one) and "last one wins" never picks between two values.
        JsonText.Check(body, "", Add);
        foreach (var property in body.EnumerateObject())
            if (JsonText.IsReadable(property) && !_allowed.Contains(property.Name))
                Add(property.Name, $"Unknown field. Allowed here: {string.Join(", ", _allowed)}.");
    }

    public IReadOnlyDictionary<string, string[]> Errors => _errors;

    /// <summary>The status of a refusal: 400, or 415 when the body is not JSON at all, 413 when it is too large.</summary>
    public int RefusalStatus { get; private set; } = StatusCodes.Status400BadRequest;

    /// <param name="emptyAllowed">
    /// Whether the action means something without a body (a rollback, a resume of every region). Where it does not, an
    /// empty body is refused rather than read as "{}": a body lost on the way must not become "every region".
    /// </param>
    public static async Task<ActionRequestReader> ReadAsync(HttpRequest request, bool emptyAllowed, params string[] allowed)
    {
        allowed = [.. allowed, "confirmEnvironment"];
        var bytes = await ReadBodyAsync(request);
        if (bytes is null) return Refused(allowed, StatusCodes.Status413PayloadTooLarge, $"The body is larger than {MaxBodyBytes} bytes.");
        if (bytes.Length == 0)
            return emptyAllowed
                ? new ActionRequestReader(EmptyObject, allowed)
                : Refused(allowed, StatusCodes.Status400BadRequest, "A JSON body is required here.");
        if (!IsJson(request.ContentType))
            return Refused(allowed, StatusCodes.Status415UnsupportedMediaType,
                "Send JSON with Content-Type: application/json (got " +
                $"{(request.ContentType is null ? "no Content-Type" : UntrustedText.Quote(request.ContentType))}).");
        try
        {
            using var document = JsonDocument.Parse(bytes);
            var reader = new ActionRequestReader(document.RootElement.Clone(), allowed);
            if (document.RootElement.ValueKind != JsonValueKind.Object) reader.Add("body", "The body must be a JSON object.");
            return reader;
        }
        catch (JsonException ex)
        {
            return Refused(allowed, StatusCodes.Status400BadRequest, $"The body is not valid JSON in UTF-8 ({ex.Message}).");
        }
    }

    private static ActionRequestReader Refused(string[] allowed, int status, string message)
    {
        var refused = new ActionRequestReader(EmptyObject, allowed) { RefusalStatus = status };
        refused.Add("body", message);
        return refused;
    }

    // Null when the body is over the limit; read whole, since a chunked body has no length to check first.
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request)
    {
        if (request.ContentLength > MaxBodyBytes) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    // application/json, optionally with charset=utf-8 (JSON is UTF-8, RFC 8259); "application/jsonp" or "text/plain" is not.
    private static bool IsJson(string? contentType) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var type)
        && type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
        && (!type.Charset.HasValue || type.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));

    public string? String(string name)
    {
        if (!TryGet(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        // Unreadable text was refused by the check of the whole body already.
        if (value.ValueKind == JsonValueKind.String) return JsonText.TryGetString(value, out var text) ? text : null;
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
        foreach (var property in value.EnumerateObject().Where(JsonText.IsReadable))
        {
            if (property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt32(out var weight)) weights[property.Name] = weight;
            else Add($"{name}.{property.Name}", $"Must be a whole number 0-{Core.Traffic.WeightedRouting.MaxWeight}.");
        }
        return weights;
    }

    private const string ExpectedShape = "Must be an object of region to what you saw, e.g. {\"us-east-1\": {\"image\": \"v1\", \"weight\": 128, \"status\": " +
        "\"RUNNING\"}}.";

    /// <summary>The optional "expected" object: by region, the image, weight and status the caller saw (see ExpectedState).</summary>
    public Dictionary<string, RegionExpectation>? Expected(string name)
    {
        if (!TryGet(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Object)
        {
            Add(name, ExpectedShape);
            return null;
        }
        var expected = new Dictionary<string, RegionExpectation>(StringComparer.Ordinal);
        foreach (var region in value.EnumerateObject().Where(JsonText.IsReadable))
        {
            var at = $"{name}.{region.Name}";
            if (region.Value.ValueKind != JsonValueKind.Object)
            {
                Add(at, ExpectedShape);
                continue;
            }
            var saw = new RegionExpectation();
            foreach (var field in region.Value.EnumerateObject().Where(JsonText.IsReadable))
            {
                var v = field.Value;
                switch (field.Name)
                {
                    case "image" when v.ValueKind == JsonValueKind.String && JsonText.TryGetString(v, out var image):
                        saw = saw with { Image = image };
                        break;
                    case "weight" when v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var weight)
                        && weight is >= 0 and <= Core.Traffic.WeightedRouting.MaxWeight:
                        saw = saw with { Weight = weight };
                        break;
                    case "status" when v.ValueKind == JsonValueKind.String && JsonText.TryGetString(v, out var status) && StatusNames.Contains(status):
                        saw = saw with { Status = status };
                        break;
                    case "image":
                        Add($"{at}.image", "Must be the image tag you saw, as a string.");
                        break;
                    case "weight":
                        Add($"{at}.weight", $"Must be the weight you saw, a whole number 0-{Core.Traffic.WeightedRouting.MaxWeight}.");
                        break;
                    case "status":
                        Add($"{at}.status", $"Must be the App Runner status you saw: one of {string.Join(", ", StatusNames)}.");
                        break;
                    default:
                        Add($"{at}.{field.Name}", "Unknown field. Allowed here: image, weight, status.");
                        break;
                }
            }
            expected[region.Name] = saw;
        }
        return expected;
    }

    private static readonly string[] StatusNames = [.. Enum.GetValues<Core.Services.ServiceStatus>().Select(s => Core.Services.AwsNames.ToAwsName(s))];

    public void Merge(IReadOnlyDictionary<string, string[]> errors)
    {
        foreach (var (field, messages) in errors)
            foreach (var message in messages) Add(field, message);
    }

    private bool TryGet(string name, out JsonElement value)
    {
        value = default;
        try
        {
            return _body.ValueKind == JsonValueKind.Object && _body.TryGetProperty(name, out value);
        }
        catch (InvalidOperationException)
        {
            // A name that is not valid text cannot be compared; the check of the whole body has refused it already.
            return false;
        }
    }

    private void Add(string field, string message) => _errors[field] = [.. _errors.GetValueOrDefault(field) ?? [], message];
}
