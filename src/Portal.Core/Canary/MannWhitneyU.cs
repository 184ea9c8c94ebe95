namespace Portal.Core.Canary;

/// <summary>Which difference a test looks for.</summary>
public enum Alternative
{
    /// <summary>Either sample tends to be larger.</summary>
    TwoSided,

    /// <summary>The first sample (the canary) tends to be larger: for every canary metric, larger is worse.</summary>
    Greater,
}

/// <summary>A Mann-Whitney U test's answer. <see cref="U"/> is the first sample's statistic (SciPy's convention).</summary>
public sealed record MannWhitneyResult(double U, double PValue, bool Exact, double RankBiserial);

/// <summary>
/// The Mann-Whitney U rank test of two independent samples (per-minute values of a metric). Small samples
/// without ties get the exact distribution of U; otherwise the normal approximation with the tie correction
/// and the continuity correction. The same choices as SciPy's <c>mannwhitneyu(method="auto")</c>.
/// </summary>
public static class MannWhitneyU
{
    /// <summary>At or below this size of either sample, and without ties, the p-value is exact.</summary>
    public const int ExactMaxSize = 8;

    public static MannWhitneyResult Test(IReadOnlyList<double> first, IReadOnlyList<double> second, Alternative alternative)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.Count == 0 || second.Count == 0)
            throw new ArgumentException("Both samples need at least one value.");
        if (first.Concat(second).Any(v => !double.IsFinite(v)))
            throw new ArgumentException("Samples must be finite numbers.");

        int n1 = first.Count, n2 = second.Count;
        var (ranks, tieTerm) = Ranks([.. first, .. second]);
        var r1 = 0.0;
        for (var i = 0; i < n1; i++) r1 += ranks[i];
        var u1 = r1 - n1 * (n1 + 1) / 2.0;
        var u2 = (double)n1 * n2 - u1;
        var (u, factor) = alternative == Alternative.Greater ? (u1, 1.0) : (Math.Max(u1, u2), 2.0);

        var exact = (n1 <= ExactMaxSize || n2 <= ExactMaxSize) && tieTerm == 0;
        var p = exact ? ExactUpperTail((int)Math.Round(u), n1, n2) : AsymptoticUpperTail(u, n1, n2, tieTerm);
        p = Math.Clamp(p * factor, 0, 1);
        return new MannWhitneyResult(u1, p, exact, 2 * u1 / ((double)n1 * n2) - 1);
    }

    /// <summary>Mid-ranks (ties share the average of their ranks) and Σ(t³ − t) over groups of t tied values.</summary>
    private static (double[] Ranks, double TieTerm) Ranks(double[] values)
    {
        var order = Enumerable.Range(0, values.Length).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Length];
        var tieTerm = 0.0;
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]]) end++;
            var rank = (start + end) / 2.0 + 1;
            for (var k = start; k <= end; k++) ranks[order[k]] = rank;
            double t = end - start + 1;
            tieTerm += t * t * t - t;
            start = end + 1;
        }
        return (ranks, tieTerm);
    }

    private static double AsymptoticUpperTail(double u, int n1, int n2, double tieTerm)
    {
        double n = n1 + n2;
        var mean = n1 * (double)n2 / 2;
        var variance = n1 * (double)n2 / 12 * (n + 1 - tieTerm / (n * (n - 1)));
        if (variance <= 0) return 1; // every value tied: nothing to tell apart
        var z = (u - mean - 0.5) / Math.Sqrt(variance);
        return NormalDistribution.UpperTail(z);
    }

    /// <summary>P(U ≥ u) under the null hypothesis, by counting the orderings of the two samples that give each U.</summary>
    private static double ExactUpperTail(int u, int n1, int n2)
    {
        // f(m, j, k): orderings of m first-sample and j second-sample values with U = k. The largest value is either
        // a first-sample one (above all j others: U grows by j) or a second-sample one (U unchanged), so
        // f(m, j, k) = f(m − 1, j, k − j) + f(m, j − 1, k). rows[m] holds level j − 1 until it is replaced by level j.
        var max = n1 * n2;
        var rows = new double[n1 + 1][];
        for (var m = 0; m <= n1; m++) { rows[m] = new double[max + 1]; rows[m][0] = 1; }
        for (var j = 1; j <= n2; j++)
            for (var m = 1; m <= n1; m++)
            {
                var level = new double[max + 1];
                for (var k = 0; k <= max; k++)
                    level[k] = rows[m][k] + (k >= j ? rows[m - 1][k - j] : 0);
                rows[m] = level;
            }
        double total = 0, tail = 0;
        for (var k = 0; k <= max; k++)
        {
            total += rows[n1][k];
            if (k >= u) tail += rows[n1][k];
        }
        return tail / total;
    }
}
