namespace Portal.Core.Canary;

/// <summary>A two-proportion z-test's answer: each share, their difference, Cohen's h and the p-value.</summary>
public sealed record TwoProportionResult(double FirstShare, double SecondShare, double Z, double PValue, double CohensH)
{
    /// <summary>First share minus second, in share units (0.01 = one percentage point).</summary>
    public double Difference => FirstShare - SecondShare;
}

/// <summary>
/// The two-proportion z-test with the pooled standard error (the same as a 2×2 chi-square test without
/// Yates's correction, two-sided): is the canary's 5xx share higher than the baseline's?
/// </summary>
public static class TwoProportionTest
{
    public static TwoProportionResult Test(long firstHits, long firstTotal, long secondHits, long secondTotal, Alternative alternative)
    {
        if (firstTotal <= 0 || secondTotal <= 0) throw new ArgumentException("Both samples need at least one observation.");
        if (firstHits < 0 || firstHits > firstTotal) throw new ArgumentOutOfRangeException(nameof(firstHits), $"Must be 0-{firstTotal}.");
        if (secondHits < 0 || secondHits > secondTotal) throw new ArgumentOutOfRangeException(nameof(secondHits), $"Must be 0-{secondTotal}.");

        var p1 = (double)firstHits / firstTotal;
        var p2 = (double)secondHits / secondTotal;
        var pooled = (double)(firstHits + secondHits) / (firstTotal + secondTotal);
        var se = Math.Sqrt(pooled * (1 - pooled) * (1.0 / firstTotal + 1.0 / secondTotal));
        // No variation at all (both 0% or both 100%): the samples cannot be told apart.
        var z = se == 0 ? 0 : (p1 - p2) / se;
        var p = alternative == Alternative.Greater
            ? (se == 0 ? 1 : NormalDistribution.UpperTail(z))
            : (se == 0 ? 1 : Math.Min(1, 2 * NormalDistribution.UpperTail(Math.Abs(z))));
        var h = 2 * Math.Asin(Math.Sqrt(p1)) - 2 * Math.Asin(Math.Sqrt(p2));
        return new TwoProportionResult(p1, p2, z, p, h);
    }
}
