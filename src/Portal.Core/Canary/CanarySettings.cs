namespace Portal.Core.Canary;

/// <summary>
/// How a region canary is run and judged (Portal:Canary). The thresholds are effect sizes as well as
/// significance: a change must be both statistically significant and large enough to matter to fail.
/// </summary>
public sealed class CanarySettings
{
    /// <summary>The share of the environment's traffic the canary region carries during the analysis (0-1).</summary>
    public double Share { get; set; } = 0.10;

    /// <summary>How long the canary is analysed before its verdict.</summary>
    public TimeSpan AnalysisTime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>When the analysis is inconclusive or marginal: analyse this much longer...</summary>
    public TimeSpan Extension { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>...up to this much in all; then the canary fails safe (it is rolled back).</summary>
    public TimeSpan MaxAnalysisTime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Shares to ramp through after a pass before the canary region's full weight (each analysed); empty: straight to full.</summary>
    public List<double> RampShares { get; set; } = [];

    /// <summary>The significance level of every test (one-sided: is the canary worse?).</summary>
    public double Alpha { get; set; } = 0.05;

    /// <summary>Fewer requests than this on either side make the 5xx comparison inconclusive.</summary>
    public int MinRequests { get; set; } = 200;

    /// <summary>Fewer per-minute values than this on either side make a per-minute comparison inconclusive.</summary>
    public int MinMinutes { get; set; } = 5;

    /// <summary>The least rise of the 5xx share (in share units: 0.01 = one percentage point) that fails the canary.</summary>
    public double Max5xxIncrease { get; set; } = 0.01;

    /// <summary>The least relative rise of median latency (0.2 = 20% slower) that fails the canary.</summary>
    public double MaxLatencyIncrease { get; set; } = 0.20;

    /// <summary>The least relative rise of median CPU or memory utilisation that fails the canary.</summary>
    public double MaxResourceIncrease { get; set; } = 0.25;

    /// <summary>A score (0-100) at or above this passes.</summary>
    public double PassScore { get; set; } = 95;

    /// <summary>A score at or above this (and below <see cref="PassScore"/>) is marginal: the analysis goes on; below it fails.</summary>
    public double MarginalScore { get; set; } = 75;

    public IEnumerable<string> Problems(string prefix = "Portal:Canary")
    {
        if (Share is <= 0 or >= 0.5) yield return $"{prefix}:Share must be above 0 and below 0.5 (a share of traffic, e.g. 0.1 for 10%).";
        // CloudWatch's App Runner metrics have one-minute resolution: the analysis compares whole minutes.
        if (AnalysisTime < TimeSpan.FromMinutes(1) || AnalysisTime.Ticks % TimeSpan.TicksPerMinute != 0)
            yield return $"{prefix}:AnalysisTime must be whole minutes, at least 00:01:00 (CloudWatch counts App Runner per minute).";
        if (Extension < TimeSpan.FromMinutes(1) || Extension.Ticks % TimeSpan.TicksPerMinute != 0)
            yield return $"{prefix}:Extension must be whole minutes, at least 00:01:00.";
        if (MaxAnalysisTime < AnalysisTime) yield return $"{prefix}:MaxAnalysisTime must be at least AnalysisTime.";
        for (var i = 0; i < RampShares.Count; i++)
            if (RampShares[i] <= (i == 0 ? Share : RampShares[i - 1]) || RampShares[i] >= 1)
                yield return $"{prefix}:RampShares:{i} must be above the share before it and below 1 (got {RampShares[i]}).";
        if (Alpha is <= 0 or >= 0.5) yield return $"{prefix}:Alpha must be above 0 and below 0.5.";
        if (MinRequests < 1) yield return $"{prefix}:MinRequests must be at least 1.";
        if (MinMinutes < 3) yield return $"{prefix}:MinMinutes must be at least 3 (a rank test needs a few values).";
        if (Max5xxIncrease is <= 0 or >= 1) yield return $"{prefix}:Max5xxIncrease must be above 0 and below 1 (a share, e.g. 0.01 for one percentage point).";
        if (MaxLatencyIncrease <= 0) yield return $"{prefix}:MaxLatencyIncrease must be positive (e.g. 0.2 for 20% slower).";
        if (MaxResourceIncrease <= 0) yield return $"{prefix}:MaxResourceIncrease must be positive (e.g. 0.25 for 25% more).";
        if (PassScore is < 0 or > 100) yield return $"{prefix}:PassScore must be 0-100.";
        if (MarginalScore is < 0 or > 100 || MarginalScore > PassScore) yield return $"{prefix}:MarginalScore must be 0-100 and not above PassScore.";
    }
}
