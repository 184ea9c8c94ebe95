using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace Portal.Tests.Aws;

/// <summary>Which members a generated answer carries.</summary>
public enum AnswerMembers
{
    /// <summary>Only the members AWS's model marks required, at every level.</summary>
    RequiredOnly,

    /// <summary>Every list and structure present (so element parsers run), but inside them only required scalars.</summary>
    EveryContainerRequiredScalars,

    /// <summary>Every member the model defines, including ones the portal ignores.</summary>
    Everything,
}

/// <summary>
/// Answers generated from AWS's published service models, read at test time from Debian's awscli package
/// (botocore's service-2.json), so the portal's parsers are checked against the model and not against what
/// LocalCloud or a hand-written example happens to send.
/// </summary>
public sealed class ModelAnswers
{
    public const string ModelRoot = "/usr/lib/python3/dist-packages/awscli/botocore/data";

    /// <summary>A generated timestamp: 2026-12-04T00:00:00Z.</summary>
    public static readonly DateTimeOffset SampleTime = new(2026, 12, 4, 0, 0, 0, TimeSpan.Zero);
    public const string SampleString = "sample-value";

    private readonly JsonElement _model;
    private readonly JsonElement _shapes;

    private ModelAnswers(JsonElement model)
    {
        _model = model;
        _shapes = model.GetProperty("shapes");
    }

    public string Protocol => _model.GetProperty("metadata").GetProperty("protocol").GetString()!;

    /// <summary>The newest API version of <paramref name="service"/> that the installed awscli ships.</summary>
    public static ModelAnswers Load(string service)
    {
        var directory = Path.Combine(ModelRoot, service);
        Assert.True(Directory.Exists(directory), $"No AWS model at {directory}: install Debian's awscli (apt-get install -y awscli), which ships AWS's " +
            $"service models.");
        var version = Directory.GetDirectories(directory).Where(d => File.Exists(Path.Combine(d, "service-2.json"))).Order(StringComparer.Ordinal).Last();
        return new ModelAnswers(JsonDocument.Parse(File.ReadAllText(Path.Combine(version, "service-2.json"))).RootElement.Clone());
    }

    /// <summary>A JSON-protocol answer (awsJson 1.0/1.1) to <paramref name="operation"/>.</summary>
    public JsonElement Json(string operation, AnswerMembers members)
    {
        var node = JsonValue(OutputShape(operation), members, 0) ?? new JsonObject();
        return JsonDocument.Parse(node.ToJsonString()).RootElement.Clone();
    }

    /// <summary>An XML answer to <paramref name="operation"/>: rest-xml (root named after the output shape) or query (with its result wrapper).</summary>
    public string Xml(string operation, AnswerMembers members)
    {
        var output = _model.GetProperty("operations").GetProperty(operation).GetProperty("output");
        var shapeName = output.GetProperty("shape").GetString()!;
        var ns = XNamespace.Get(XmlNamespace(shapeName));
        if (Protocol == "query")
        {
            var result = XmlElement(ns, output.GetProperty("resultWrapper").GetString()!, shapeName, members, 0);
            return new XElement(ns + $"{operation}Response", result,
                new XElement(ns + "ResponseMetadata", new XElement(ns + "RequestId", Guid.NewGuid().ToString()))).ToString();
        }
        return XmlElement(ns, shapeName, shapeName, members, 0).ToString();
    }

    private string OutputShape(string operation) =>
        _model.GetProperty("operations").GetProperty(operation).GetProperty("output").GetProperty("shape").GetString()!;

    private string XmlNamespace(string shapeName)
    {
        if (_shapes.GetProperty(shapeName).TryGetProperty("xmlNamespace", out var own)) return own.GetProperty("uri").GetString()!;
        return _model.GetProperty("metadata").TryGetProperty("xmlNamespace", out var ns) ? ns.GetString()! : "";
    }

    private JsonElement Shape(string name) => _shapes.GetProperty(name);

    private static string TypeOf(JsonElement shape) => shape.GetProperty("type").GetString()!;

    private static bool IsContainer(JsonElement shape) => TypeOf(shape) is "structure" or "list" or "map";

    // Members carried on the wire outside the body (headers, status code) are not part of a generated body.
    private static bool InBody(JsonElement member) => !member.TryGetProperty("location", out _);

    private IEnumerable<(string Name, JsonElement Member, JsonElement Shape)> Members(JsonElement structure, AnswerMembers members, int depth)
    {
        var required = structure.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(x => x.GetString()!).ToHashSet() : [];
        foreach (var property in structure.GetProperty("members").EnumerateObject())
        {
            var member = property.Value;
            if (!InBody(member)) continue;
            var shape = Shape(member.GetProperty("shape").GetString()!);
            // Recursive shapes (a structure containing itself) stop after a few levels, as no answer nests deeper.
            var include = required.Contains(property.Name) || members switch
            {
                AnswerMembers.Everything => depth < 6,
                AnswerMembers.EveryContainerRequiredScalars => depth < 6 && IsContainer(shape),
                _ => false,
            };
            if (include) yield return (property.Name, member, shape);
        }
    }

    private JsonNode? JsonValue(string shapeName, AnswerMembers members, int depth)
    {
        var shape = Shape(shapeName);
        switch (TypeOf(shape))
        {
            case "structure":
                var obj = new JsonObject();
                foreach (var (name, member, _) in Members(shape, members, depth))
                    obj[member.TryGetProperty("jsonName", out var jsonName) ? jsonName.GetString()! : name] = JsonValue(member.GetProperty("shape")
                        .GetString()!, members, depth + 1);
                return obj;
            case "list":
                return new JsonArray(JsonValue(shape.GetProperty("member").GetProperty("shape").GetString()!, members, depth + 1));
            case "map":
                return new JsonObject { [SampleString] = JsonValue(shape.GetProperty("value").GetProperty("shape").GetString()!, members, depth + 1) };
            case "timestamp":
                return SampleTime.ToUnixTimeSeconds();
            default:
                return System.Text.Json.Nodes.JsonValue.Create(Scalar(shape));
        }
    }

    private XElement XmlElement(XNamespace ns, string elementName, string shapeName, AnswerMembers members, int depth)
    {
        var shape = Shape(shapeName);
        var element = new XElement(ns + elementName);
        switch (TypeOf(shape))
        {
            case "structure":
                foreach (var (name, member, memberShape) in Members(shape, members, depth))
                {
                    var memberName = member.TryGetProperty("locationName", out var location) ? location.GetString()! : name;
                    var memberShapeName = member.GetProperty("shape").GetString()!;
                    if (TypeOf(memberShape) == "list" && memberShape.TryGetProperty("flattened", out var flat) && flat.GetBoolean())
                        element.Add(XmlElement(ns, memberName, memberShape.GetProperty("member").GetProperty("shape").GetString()!, members, depth + 1));
                    else
                        element.Add(XmlElement(ns, memberName, memberShapeName, members, depth + 1));
                }
                break;
            case "list":
                var item = shape.GetProperty("member");
                element.Add(XmlElement(ns, item.TryGetProperty("locationName", out var itemName) ? itemName.GetString()! : "member",
                    item.GetProperty("shape").GetString()!, members, depth + 1));
                break;
            case "map":
                element.Add(new XElement(ns + "entry",
                    new XElement(ns + "key", SampleString),
                    XmlElement(ns, "value", shape.GetProperty("value").GetProperty("shape").GetString()!, members, depth + 1)));
                break;
            case "timestamp":
                element.Value = SampleTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
                break;
            default:
                var value = Scalar(shape);
                element.Value = value is bool b ? (b ? "true" : "false") : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!;
                break;
        }
        return element;
    }

    /// <summary>A value the model allows: the first enum value, a number inside the shape's bounds, false, a plain string.</summary>
    private static object Scalar(JsonElement shape)
    {
        var min = shape.TryGetProperty("min", out var m) ? m.GetDouble() : 1;
        return TypeOf(shape) switch
        {
            "string" when shape.TryGetProperty("enum", out var values) => values[0].GetString()!,
            "string" => SampleString,
            "integer" or "long" => (long)Math.Max(1, min),
            "double" or "float" => 1.5,
            "boolean" => false,
            "blob" => "AA==",
            var other => throw new InvalidOperationException($"The generator does not know the model type '{other}'."),
        };
    }
}
