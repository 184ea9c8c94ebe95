using Portal.Core.Canary;
using Portal.Core.Metrics;

namespace Portal.Core.Tests.Canary;

public sealed class CanaryJudgeTests
{
    private static readonly CanarySettings Settings = new();
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    // Ten minutes of a healthy region: 600 requests a minute, 0.2% 5xx, latency and utilisation wobbling a little.
    internal static CanaryWindow Window(double requestsPerMinute = 600, double errorShare = 0.002, double latencyFactor = 1, double cpuFactor = 1,
        int minutes = 10, int seed = 0)
    {
        var series = CanaryMetric.SeriesKeys.ToDictionary(k => k, _ => new List<MetricPoint>());
        for (var m = 0; m < minutes; m++)
        {
            var t = T0.AddMinutes(m);
            var wobble = ((m * 7 + seed * 3) % 5 - 2) / 100.0; // -2% .. +2%, different per seed
            series["requests"].Add(new(t, requestsPerMinute));
            series["http5xx"].Add(new(t, Math.Round(requestsPerMinute * errorShare)));
            series["latencyP50"].Add(new(t, 40 * latencyFactor * (1 + wobble)));
            series["latencyP99"].Add(new(t, 180 * latencyFactor * (1 + wobble)));
            series["cpu"].Add(new(t, 30 * cpuFactor * (1 + wobble)));
            series["memory"].Add(new(t, 45 * (1 + wobble)));
        }
        return new(T0, T0.AddMinutes(minutes), series.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<MetricPoint>)kv.Value));
    }

    private static CanaryJudgement Judge(CanaryWindow canary, CanaryWindow baseline, CanaryWindow? history = null) =>
        CanaryJudge.Judge([new("baseline", "us-east-2 on the old image, same minutes", canary, baseline),
            .. history is null ? Array.Empty<CanaryComparison>() : [new("history", "us-east-1 the hour before", canary, history)]], Settings);

    [Fact]
    public void A_canary_like_its_baseline_passes_with_full_score()
    {
        var judgement = Judge(Window(seed: 1), Window(seed: 2), Window(seed: 3));

        Assert.Equal(CanaryVerdict.Pass, judgement.Verdict);
        Assert.Equal(100, judgement.Score);
        Assert.All(judgement.Metrics, m => Assert.Equal(CanaryVerdict.Pass, m.Verdict));
        Assert.All(judgement.Metrics, m => Assert.Equal(["baseline", "history"], m.Comparisons.Select(c => c.Comparison)));
    }

    [Fact]
    public void A_broken_image_fails_on_the_critical_5xx_share()
    {
        var judgement = Judge(Window(errorShare: 0.3), Window(seed: 2));

        Assert.Equal(CanaryVerdict.Fail, judgement.Verdict);
        var errors = judgement.Metrics.Single(m => m.Key == "http5xx");
        Assert.Equal(CanaryVerdict.Fail, errors.Verdict);
        Assert.True(errors.Comparisons[0].PValue < 1e-10);
        Assert.Contains("5xx share", judgement.Summary);
    }

    [Fact]
    public void A_latency_only_regression_is_caught_by_the_latency_metrics()
    {
        var judgement = Judge(Window(latencyFactor: 1.5, seed: 1), Window(seed: 2), Window(seed: 3));

        Assert.Equal(CanaryVerdict.Fail, judgement.Verdict);
        Assert.Equal(CanaryVerdict.Fail, judgement.Metrics.Single(m => m.Key == "latencyP99").Verdict);
        Assert.Equal(CanaryVerdict.Fail, judgement.Metrics.Single(m => m.Key == "latencyP50").Verdict);
        Assert.Equal(CanaryVerdict.Pass, judgement.Metrics.Single(m => m.Key == "http5xx").Verdict);
        Assert.Equal(62.5, judgement.Score); // 5xx 3 + CPU 1 + memory 1 of 8
    }

    [Fact]
    public void A_significant_but_tiny_slowdown_passes()
    {
        // 5% slower every minute: the rank test is certain, but 5% is below the 20% effect threshold.
        var judgement = Judge(Window(latencyFactor: 1.05, seed: 1), Window(seed: 1));

        var p99 = judgement.Metrics.Single(m => m.Key == "latencyP99").Comparisons.Single();
        Assert.True(p99.PValue < Settings.Alpha);
        Assert.Equal(0.05, p99.Effect!.Value, 1e-9);
        Assert.Equal(CanaryVerdict.Pass, p99.Verdict);
        Assert.Equal(CanaryVerdict.Pass, judgement.Verdict);
    }

    [Fact]
    public void A_region_slower_by_nature_but_not_slower_than_its_own_past_passes()
    {
        // The canary region is 40% slower than the baseline region both before and after the change.
        var judgement = Judge(Window(latencyFactor: 1.4, seed: 1), Window(seed: 2), Window(latencyFactor: 1.4, seed: 3));

        var p99 = judgement.Metrics.Single(m => m.Key == "latencyP99");
        Assert.Equal(CanaryVerdict.Fail, p99.Comparisons.Single(c => c.Comparison == "baseline").Verdict);
        Assert.Equal(CanaryVerdict.Pass, p99.Comparisons.Single(c => c.Comparison == "history").Verdict);
        Assert.Equal(CanaryVerdict.Pass, p99.Verdict);
        Assert.Equal(CanaryVerdict.Pass, judgement.Verdict);
    }

    [Fact]
    public void Too_little_traffic_is_inconclusive_not_a_pass()
    {
        var judgement = Judge(Window(requestsPerMinute: 5, errorShare: 0.2), Window(requestsPerMinute: 5, seed: 2));

        Assert.Equal(CanaryVerdict.Inconclusive, judgement.Verdict);
        Assert.Equal(CanaryVerdict.Inconclusive, judgement.Metrics.Single(m => m.Key == "http5xx").Verdict);
        Assert.Contains("too little traffic", judgement.Summary);
    }

    [Fact]
    public void Too_few_minutes_to_judge_p99_latency_is_inconclusive_even_when_the_5xx_share_passes()
    {
        var judgement = Judge(Window(minutes: 3, requestsPerMinute: 1000), Window(minutes: 3, requestsPerMinute: 1000, seed: 2));

        Assert.All(judgement.Metrics.Where(m => m.Key != "http5xx"), m => Assert.Equal(CanaryVerdict.Inconclusive, m.Verdict));
        Assert.Equal(CanaryVerdict.Pass, judgement.Metrics.Single(m => m.Key == "http5xx").Verdict);
        Assert.Equal(100, judgement.Score);
        Assert.Equal(CanaryVerdict.Inconclusive, judgement.Verdict);
        Assert.Contains("too little traffic to judge p99 latency", judgement.Summary);
    }

    [Fact]
    public void A_score_between_the_thresholds_is_marginal()
    {
        // Only p99 regresses: 6 of 8 weight passes, 75, which is the marginal threshold.
        var canary = Window(seed: 1);
        var slowTail = canary.Of("latencyP99").Select(p => p with { Value = p.Value * 1.6 }).ToList();
        var mixed = canary with { Series = new Dictionary<string, IReadOnlyList<MetricPoint>>(canary.Series) { ["latencyP99"] = slowTail } };

        var judgement = Judge(mixed, Window(seed: 2));

        Assert.Equal(75, judgement.Score);
        Assert.Equal(CanaryVerdict.Marginal, judgement.Verdict);
    }
}

public sealed class CanaryWeightsTests
{
    [Fact]
    public void Ten_percent_beside_one_region_at_128_is_weight_14()
    {
        var plan = CanaryWeights.ForShare("us-east-1", [new("us-east-1", 128, true), new("us-east-2", 128, true)], 0.10);

        Assert.Equal(14, plan.Weight); // 14 / 142 = 9.86%; 15 / 143 = 10.49% is further from 10%
        Assert.Equal(14.0 / 142, plan.ProjectedShare, 9);
    }

    [Fact]
    public void The_share_counts_every_other_healthy_region()
    {
        var plan = CanaryWeights.ForShare("us-east-1",
            [new("us-east-1", 100, true), new("us-east-2", 100, true), new("eu-west-1", 100, true), new("ap-south-1", 50, false)], 0.20);

        Assert.Equal(50, plan.Weight); // 50 / 250 = 20%; the unhealthy record serves nothing
        Assert.Equal(0.20, plan.ProjectedShare, 9);
    }

    [Fact]
    public void A_share_is_never_rounded_down_to_weight_zero()
    {
        var plan = CanaryWeights.ForShare("us-east-1", [new("us-east-1", 128, true), new("us-east-2", 3, true)], 0.05);

        Assert.Equal(1, plan.Weight);
        Assert.Equal(0.25, plan.ProjectedShare, 9);
    }

    [Fact]
    public void No_other_serving_region_is_refused()
    {
        var ex = Assert.Throws<InvalidOperationException>(() =>
            CanaryWeights.ForShare("us-east-1", [new("us-east-1", 128, true), new("us-east-2", 0, true)], 0.10));
        Assert.Contains("carry everything", ex.Message);
    }
}

public sealed class CanarySettingsTests
{
    [Fact]
    public void Defaults_are_valid() => Assert.Empty(new CanarySettings().Problems());

    [Fact]
    public void Every_bad_value_is_named()
    {
        var problems = new CanarySettings { Share = 0.6, RampShares = [0.05], MarginalScore = 99, MinMinutes = 1,
            AnalysisTime = TimeSpan.FromSeconds(90) }.Problems().ToList();

        Assert.Contains(problems, p => p.StartsWith("Portal:Canary:Share "));
        Assert.Contains(problems, p => p.StartsWith("Portal:Canary:RampShares:0 "));
        Assert.Contains(problems, p => p.StartsWith("Portal:Canary:MarginalScore "));
        Assert.Contains(problems, p => p.StartsWith("Portal:Canary:MinMinutes "));
        Assert.Contains(problems, p => p.StartsWith("Portal:Canary:AnalysisTime must be whole minutes"));
    }
}
