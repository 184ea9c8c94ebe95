namespace Portal.LocalCloud.CloudWatch;

/// <summary>
/// The fixed log-scale bins percentiles are estimated from: eight bins per power of two (about 4.5%
/// relative error), covering 2^-10 to 2^30, which spans every unit LocalCloud records (percent,
/// milliseconds, counts). Fixed bins make per-minute histograms mergeable across any period.
/// </summary>
public static class LogHistogram
{
    private const int BinsPerOctave = 8;
    private const int LowestExponent = -10;
    private const int HighestExponent = 30;

    /// <summary>Bin 0 holds zero, negatives and anything below 2^-10.</summary>
    public const int BinCount = 1 + (HighestExponent - LowestExponent) * BinsPerOctave;

    public static int BinOf(double value)
    {
        if (!(value >= Math.Pow(2, LowestExponent))) return 0;
        var bin = 1 + (int)Math.Floor((Math.Log2(value) - LowestExponent) * BinsPerOctave);
        return Math.Min(bin, BinCount - 1);
    }

    /// <summary>The bin's geometric midpoint: the estimate reported for values that fell in it.</summary>
    public static double ValueOf(int bin) =>
        bin == 0 ? 0 : Math.Pow(2, LowestExponent + (bin - 1 + 0.5) / BinsPerOctave);

    /// <summary>The value at <paramref name="percentile"/> of <paramref name="counts"/> (dense, one per bin), clamped to the exact min and max.</summary>
    public static double Percentile(ReadOnlySpan<long> counts, long total, double percentile, double min, double max)
    {
        if (percentile <= 0) return min;
        if (percentile >= 100) return max;
        var rank = Math.Max(1, (long)Math.Ceiling(percentile / 100 * total));
        long seen = 0;
        for (var bin = 0; bin < counts.Length; bin++)
        {
            seen += counts[bin];
            if (seen >= rank) return Math.Clamp(ValueOf(bin), min, max);
        }
        return max;
    }
}
