using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using Portal.LocalCloud.Protocol;

namespace Portal.LocalCloud.CloudWatch;

/// <summary>
/// The parameters of a Query-protocol request (form-encoded, lists flattened as Name.member.N.Field),
/// with the validation errors CloudWatch answers: MissingParameter and InvalidParameterValue.
/// </summary>
public sealed class QueryForm
{
    private readonly Dictionary<string, string> _values;

    private QueryForm(Dictionary<string, string> values) => _values = values;

    public static QueryForm Parse(string body) =>
        new(QueryHelpers.ParseQuery(body).ToDictionary(kv => kv.Key, kv => kv.Value.ToString(), StringComparer.Ordinal));

    public string? Optional(string name) => _values.TryGetValue(name, out var v) ? v : null;

    public string Required(string name) =>
        Optional(name) ?? throw new AwsError("MissingParameter", $"The parameter {name} is required.");

    public int? OptionalInt(string name, int min, int max)
    {
        var text = Optional(name);
        if (text is null) return null;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            throw new AwsError("InvalidParameterValue", $"The value {text} for parameter {name} is not valid: it must be an integer from {min} to {max}.");
        return value;
    }

    public DateTimeOffset RequiredTime(string name)
    {
        var text = Required(name);
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
            throw new AwsError("InvalidParameterValue", $"The value {text} for parameter {name} is not a valid ISO 8601 timestamp.");
        return at;
    }

    /// <summary>The prefixes ("List.member.N") of a flattened list's members, in member order.</summary>
    public IReadOnlyList<string> Members(string list)
    {
        var start = list + ".member.";
        var indexes = new SortedSet<int>();
        foreach (var key in _values.Keys)
        {
            if (!key.StartsWith(start, StringComparison.Ordinal)) continue;
            var rest = key.AsSpan(start.Length);
            var dot = rest.IndexOf('.');
            if (int.TryParse(dot < 0 ? rest : rest[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out var n)) indexes.Add(n);
        }
        return [.. indexes.Select(n => start + n)];
    }

    /// <summary>Whether any parameter lies under <paramref name="prefix"/> (e.g. a structure was given).</summary>
    public bool Has(string prefix) =>
        _values.Keys.Any(k => k == prefix || k.StartsWith(prefix + ".", StringComparison.Ordinal));

    /// <summary>A stable digest of the request minus the named parameters: ties a NextToken to the request it came from.</summary>
    public string Fingerprint(params string[] except)
    {
        var canonical = string.Join('&', _values.Where(kv => !except.Contains(kv.Key)).OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => kv.Key + "=" + kv.Value));
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(canonical)))[..16];
    }
}
