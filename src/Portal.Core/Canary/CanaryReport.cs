using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.Core.Metrics;

namespace Portal.Core.Canary;

/// <summary>One metric's canary and baseline series over the analysis, for one chart (the 5xx share per minute in %).</summary>
public sealed record CanaryChartSeries(string Key, string Title, string Unit, IReadOnlyList<MetricPoint> Canary, IReadOnlyList<MetricPoint> Baseline);

/// <summary>
/// What an analysis found, as the job page and the API show it: which comparisons were made, the share of requests
/// the canary region really served, the judgement (each metric's test, p-value, effect, verdict; the score) and the series.
/// <see cref="Interim"/>: the minutes so far while the analysis runs, recorded for the job page; only the final report decides.
/// </summary>
public sealed record CanaryReport(
    string CanaryRegion,
    IReadOnlyList<string> BaselineRegions,
    double TargetShare,
    double? ServedShare,
    DateTimeOffset Start,
    DateTimeOffset End,
    IReadOnlyList<string> Comparisons,
    CanaryJudgement Judgement,
    IReadOnlyList<CanaryChartSeries> Series,
    bool Interim = false)
{
    public const string DataKey = "analysis";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public JsonNode ToJson() => JsonSerializer.SerializeToNode(this, Json)!;

    public static CanaryReport? FromJson(JsonNode? node) => node?.Deserialize<CanaryReport>(Json);

    /// <summary>Every analysis an operation's steps recorded, in step order (a canary at its share, then each ramp share).</summary>
    public static IReadOnlyList<(string Step, CanaryReport Report)> FromSteps(IEnumerable<Operations.OperationStep> steps) =>
        [.. steps.Where(s => s.Data is not null && s.Data.Contains($"\"{DataKey}\"", StringComparison.Ordinal))
            .Select(s => (s.Name, FromJson(JsonNode.Parse(s.Data!)?[DataKey])))
            .Where(x => x.Item2 is not null)
            .Select(x => (x.Name, x.Item2!))];
}
