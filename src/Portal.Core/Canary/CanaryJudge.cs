using System.Text.Json.Serialization;

namespace Portal.Core.Canary;

/// <summary>Written by name wherever it is serialised (the job's step data, the API).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CanaryVerdict>))]
public enum CanaryVerdict
{
    Pass,
    Marginal,
    Fail,
    Inconclusive,
}

/// <summary>One metric in one comparison: the test, its p-value, the effect, and what they say.</summary>
/// <param name="Effect">The 5xx share's rise in share units, or the relative rise of the per-minute median (0.25 = 25% higher).</param>
public sealed record MetricComparisonResult(string Comparison, string Test, double? PValue, double? Effect, CanaryVerdict Verdict, string Detail);

/// <summary>A metric's verdict over every comparison made.</summary>
public sealed record MetricResult(string Key, string Title, bool Critical, bool Required, double Weight, CanaryVerdict Verdict,
    IReadOnlyList<MetricComparisonResult> Comparisons);

/// <summary>The analysis's answer: a score 0-100 (null when nothing was conclusive), the verdict and each metric's reasons.</summary>
public sealed record CanaryJudgement(double? Score, CanaryVerdict Verdict, string Summary, IReadOnlyList<MetricResult> Metrics);

/// <summary>
/// Judges a canary as Kayenta does for clusters, per metric then overall. A metric fails a comparison when the
/// canary is worse with significance (one-sided p below alpha) and by at least the metric's effect threshold, so
/// a significant but tiny change passes. Regions differ by nature, and an hour ago differs from now, so a metric
/// fails only when every conclusive comparison says it is worse. The score is the weighted share of conclusive
/// metrics that pass; a failed critical metric (the 5xx share) fails the canary whatever the score, and an
/// inconclusive required one (the 5xx share, p99 latency) makes the whole analysis inconclusive (too little traffic
/// or too few minutes to say anything safe).
/// </summary>
public static class CanaryJudge
{
    public static CanaryJudgement Judge(IReadOnlyList<CanaryComparison> comparisons, CanarySettings settings)
    {
        if (comparisons.Count == 0) throw new ArgumentException("At least one comparison is needed.", nameof(comparisons));

        var metrics = CanaryMetric.All.Select(metric =>
        {
            var results = comparisons.Select(c => Compare(metric, c, settings)).ToList();
            var conclusive = results.Where(r => r.Verdict != CanaryVerdict.Inconclusive).ToList();
            var verdict = conclusive.Count == 0 ? CanaryVerdict.Inconclusive
                : conclusive.All(r => r.Verdict == CanaryVerdict.Fail) ? CanaryVerdict.Fail : CanaryVerdict.Pass;
            return new MetricResult(metric.Key, metric.Title, metric.Critical, metric.Required, metric.Weight, verdict, results);
        }).ToList();

        var judged = metrics.Where(m => m.Verdict != CanaryVerdict.Inconclusive).ToList();
        double? score = judged.Count == 0 ? null
            : Math.Round(100 * judged.Where(m => m.Verdict == CanaryVerdict.Pass).Sum(m => m.Weight) / judged.Sum(m => m.Weight), 1);
        var failed = metrics.Where(m => m.Verdict == CanaryVerdict.Fail).Select(m => m.Title).ToList();
        var unknown = metrics.Where(m => m.Verdict == CanaryVerdict.Inconclusive).Select(m => m.Title).ToList();

        var (overall, summary) = metrics.FirstOrDefault(m => m.Critical && m.Verdict == CanaryVerdict.Fail) is { } critical
            ? (CanaryVerdict.Fail, $"{critical.Title} is worse on the canary (a critical metric)")
            : metrics.FirstOrDefault(m => m.Required && m.Verdict == CanaryVerdict.Inconclusive) is { } blind
            ? (CanaryVerdict.Inconclusive, $"too little traffic to judge {blind.Title}")
            : score is null ? (CanaryVerdict.Inconclusive, "no metric had enough data")
            : score >= settings.PassScore ? (CanaryVerdict.Pass, "score at or above the pass threshold")
            : score >= settings.MarginalScore ? (CanaryVerdict.Marginal, "score between the marginal and pass thresholds")
            : (CanaryVerdict.Fail, "score below the marginal threshold");
        var text = $"{overall}: {summary}" + (score is null ? "" : $"; score {score:0.#} (pass ≥ {settings.PassScore:0.#}, marginal ≥ " +
            $"{settings.MarginalScore:0.#})") +
            (failed.Count > 0 ? $"; worse: {string.Join(", ", failed)}" : "") +
            (unknown.Count > 0 ? $"; inconclusive: {string.Join(", ", unknown)}" : "") + ".";
        return new CanaryJudgement(score, overall, text, metrics);
    }

    private static MetricComparisonResult Compare(CanaryMetric metric, CanaryComparison c, CanarySettings settings) =>
        metric.Test == CanaryTest.TwoProportion ? CompareShares(metric, c, settings) : CompareMinutes(metric, c, settings);

    private static MetricComparisonResult CompareShares(CanaryMetric metric, CanaryComparison c, CanarySettings settings)
    {
        const string test = "two-proportion z-test (one-sided)";
        long canaryRequests = (long)Math.Round(c.Canary.Sum(CanaryMetric.RequestsKey)),
            referenceRequests = (long)Math.Round(c.Reference.Sum(CanaryMetric.RequestsKey));
        if (canaryRequests < settings.MinRequests || referenceRequests < settings.MinRequests)
            return new(c.Name, test, null, null, CanaryVerdict.Inconclusive,
                $"{canaryRequests} canary and {referenceRequests} reference requests; at least {settings.MinRequests} each are needed.");
        var canaryErrors = Math.Min(canaryRequests, (long)Math.Round(c.Canary.Sum(metric.Key)));
        var referenceErrors = Math.Min(referenceRequests, (long)Math.Round(c.Reference.Sum(metric.Key)));
        var result = TwoProportionTest.Test(canaryErrors, canaryRequests, referenceErrors, referenceRequests, Alternative.Greater);
        var threshold = metric.Threshold(settings);
        var worse = result.PValue < settings.Alpha && result.Difference >= threshold;
        return new(c.Name, test, result.PValue, result.Difference, worse ? CanaryVerdict.Fail : CanaryVerdict.Pass,
            $"canary {Percent(result.FirstShare)} of {canaryRequests}, reference {Percent(result.SecondShare)} of {referenceRequests}: " +
            $"{(result.Difference >= 0 ? "+" : "")}{result.Difference * 100:0.##} points (fails at +{threshold * 100:0.##} with p < {settings.Alpha}).");
    }

    private static MetricComparisonResult CompareMinutes(CanaryMetric metric, CanaryComparison c, CanarySettings settings)
    {
        const string test = "Mann-Whitney U (one-sided, per-minute values)";
        var canary = c.Canary.Of(metric.Key).Select(p => p.Value).ToArray();
        var reference = c.Reference.Of(metric.Key).Select(p => p.Value).ToArray();
        if (canary.Length < settings.MinMinutes || reference.Length < settings.MinMinutes)
            return new(c.Name, test, null, null, CanaryVerdict.Inconclusive,
                $"{canary.Length} canary and {reference.Length} reference minutes with data; at least {settings.MinMinutes} each are needed.");
        var result = MannWhitneyU.Test(canary, reference, Alternative.Greater);
        double canaryMedian = Median(canary), referenceMedian = Median(reference);
        var effect = referenceMedian != 0 ? canaryMedian / referenceMedian - 1 : canaryMedian > 0 ? double.PositiveInfinity : 0;
        var threshold = metric.Threshold(settings);
        var worse = result.PValue < settings.Alpha && effect >= threshold;
        return new(c.Name, test, result.PValue, double.IsFinite(effect) ? effect : null, worse ? CanaryVerdict.Fail : CanaryVerdict.Pass,
            $"median {canaryMedian:0.##} {metric.Unit} against {referenceMedian:0.##} {metric.Unit} " +
            $"({(double.IsFinite(effect) ? $"{(effect >= 0 ? "+" : "")}{effect * 100:0.#}%" : "from zero")}; U = {result.U:0.#}, rank-biserial " +
                $"{result.RankBiserial:0.##}" +
            $"{(result.Exact ? ", exact" : "")}; fails at +{threshold * 100:0.#}% with p < {settings.Alpha}).");
    }

    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0) throw new ArgumentException("No values.", nameof(values));
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static string Percent(double share) => $"{share * 100:0.##}%";
}
