using System.Globalization;
using System.Text.Json;

namespace Portal.Aws;

/// <summary>A field missing or of the wrong shape in an AWS answer; the adapter turns it into an <see cref="AwsResponseException"/>.</summary>
public sealed class WireFormatException(string message) : Exception(message);

/// <summary>Strict reads of AWS JSON answers: a missing or mistyped field is an error naming its path, never a default value.</summary>
public static class WireReader
{
    public static JsonElement Object(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Object)
            throw new WireFormatException($"{path}.{name} is {Describe(parent, name)}, expected an object.");
        return value;
    }

    public static JsonElement? OptionalObject(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Object) throw new WireFormatException($"{path}.{name} is {value.ValueKind}, expected an object.");
        return value;
    }

    /// <summary>An array (absent means empty, as AWS omits empty lists).</summary>
    public static IEnumerable<JsonElement> Array(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return [];
        if (value.ValueKind != JsonValueKind.Array) throw new WireFormatException($"{path}.{name} is {value.ValueKind}, expected an array.");
        return value.EnumerateArray().ToList();
    }

    public static string String(JsonElement parent, string name, string path)
    {
        var value = OptionalString(parent, name, path);
        return string.IsNullOrEmpty(value) ? throw new WireFormatException($"{path}.{name} is {Describe(parent, name)}, expected a non-empty string.") : value;
    }

    public static string? OptionalString(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw new WireFormatException($"{path}.{name} is {value.ValueKind}, expected a " +
            $"string.");
    }

    public static long? OptionalLong(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n)
            ? n : throw new WireFormatException($"{path}.{name} is {value.ValueKind}, expected an integer.");
    }

    /// <summary>JSON protocol timestamps: epoch seconds (possibly fractional); ISO 8601 strings are accepted too.</summary>
    public static DateTimeOffset? OptionalTimestamp(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var seconds) && double.IsFinite(seconds)
            && seconds is > -62135596800 and < 253402300799)
            return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000));
        if (value.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal,
            out var at))
            return at;
        throw new WireFormatException($"{path}.{name} is not a timestamp ({value.GetRawText()}).");
    }

    /// <summary>An AWS enum value (RUNNING, IN_PROGRESS...) as <typeparamref name="T"/>; an unknown value is an error, not a guess.</summary>
    public static T Enum<T>(JsonElement parent, string name, string path) where T : struct, System.Enum
    {
        var raw = String(parent, name, path);
        return TryEnum<T>(raw, out var value) ? value : throw new WireFormatException($"{path}.{name} has the unknown value '{raw}'.");
    }

    public static bool TryEnum<T>(string raw, out T value) where T : struct, System.Enum =>
        System.Enum.TryParse(raw.Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out value)
        && raw.Length > 0 && raw.All(c => char.IsAsciiLetterUpper(c) || c == '_')
        && System.Enum.IsDefined(value);

    private static string Describe(JsonElement parent, string name) =>
        parent.ValueKind != JsonValueKind.Object ? $"unreadable (parent is {parent.ValueKind})"
        : parent.TryGetProperty(name, out var value) ? value.ValueKind.ToString()
        : "missing";
}
