using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Portal.Core.Operations;

namespace Portal.Core.Drills;

[JsonConverter(typeof(JsonStringEnumConverter<DrillKind>))]
public enum DrillKind
{
    /// <summary>Route 53 weight 0 for the region (the control plane), then back.</summary>
    Evacuate,

    /// <summary>The region's health check inverted (the data plane: Route 53 itself stops routing there), then back.</summary>
    HealthCheck,
}

/// <summary>One objective of a drill, what was measured against it, and whether it was met (null: not measured).</summary>
public sealed record DrillObjective(string Name, string Target, string Measured, bool? Met);

/// <summary>A moment of the drill: what was done and when.</summary>
public sealed record DrillEvent(DateTimeOffset At, string What);

/// <summary>What a drill did and measured, and its verdict against the stated objectives; downloadable as JSON and Markdown.</summary>
public sealed record DrillReport(
    string OperationId,
    string Environment,
    DrillKind Kind,
    string Region,
    TimeSpan Hold,
    string Verdict,
    string Summary,
    double? RequestsPerMinuteBefore,
    TimeSpan? TimeToMove,
    double? Others5xxShare,
    double? OthersWorstP99Ms,
    IReadOnlyDictionary<string, double> OthersMaxInstances,
    IReadOnlyList<DrillObjective> Objectives,
    IReadOnlyList<DrillEvent> Timeline)
{
    public const string DataKey = "report";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public JsonNode ToJson() => JsonSerializer.SerializeToNode(this, Json)!;

    public string ToJsonText() => JsonSerializer.Serialize(this, Json);

    public static DrillReport? FromJson(JsonNode? node) => node?.Deserialize<DrillReport>(Json);

    /// <summary>The report an operation's "Report" step recorded, or null while there is none.</summary>
    public static DrillReport? FromSteps(IEnumerable<OperationStep> steps) =>
        steps.LastOrDefault(s => s.Name == DrillRunner.ReportStep && s.Data is not null) is { } step
            ? FromJson(JsonNode.Parse(step.Data!)?[DataKey]) : null;

    public string ToMarkdown()
    {
        var md = new StringBuilder();
        var kind = Kind == DrillKind.Evacuate ? "evacuate a region (Route 53 weight 0)" : "health-check failover (Route 53 health check inverted)";
        md.AppendLine(CultureInfo.InvariantCulture, $"# Failover drill: {Environment} {Region}");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"- Kind: {kind}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Operation: {OperationId}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Hold: {Format.Span(Hold)}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- **Verdict: {Verdict}** — {Summary}");
        md.AppendLine();
        md.AppendLine("## Objectives");
        md.AppendLine();
        md.AppendLine("| Objective | Target | Measured | Met |");
        md.AppendLine("|---|---|---|---|");
        foreach (var o in Objectives)
            md.AppendLine(CultureInfo.InvariantCulture, $"| {o.Name} | {o.Target} | {o.Measured} | " +
                $"{(o.Met switch { true => "yes", false => "**no**", null => "not measured" })} |");
        md.AppendLine();
        md.AppendLine("## Measured");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"- {Region}'s requests a minute before the drill: " +
            $"{(RequestsPerMinuteBefore is { } r ? r.ToString("0.#", CultureInfo.InvariantCulture) : "none measured")}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Time until its traffic fell below the moved share: " +
            $"{(TimeToMove is { } t ? Format.Span(t) + " (CloudWatch minutes: an upper bound)" : "not measured")}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Other regions' 5xx share during the drill: " +
            $"{(Others5xxShare is { } e ? Format.Percent(e) : "no requests counted")}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Other regions' worst p99 latency (per minute): " +
            $"{(OthersWorstP99Ms is { } p ? p.ToString("0", CultureInfo.InvariantCulture) + " ms" : "no data")}");
        foreach (var (region, instances) in OthersMaxInstances)
            md.AppendLine(CultureInfo.InvariantCulture, $"- {region} active instances (most): {instances:0}");
        md.AppendLine();
        md.AppendLine("## Timeline (UTC)");
        md.AppendLine();
        foreach (var moment in Timeline)
            md.AppendLine(CultureInfo.InvariantCulture, $"- {moment.At.UtcDateTime:yyyy-MM-dd HH:mm:ss} {moment.What}");
        return md.ToString();
    }
}
