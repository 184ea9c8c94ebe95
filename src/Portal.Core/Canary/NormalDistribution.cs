namespace Portal.Core.Canary;

/// <summary>
/// The standard normal distribution's upper tail, accurate in the far tail too (p-values of 1e-12 stay
/// meaningful): erfc by its Taylor series below 3 and by its continued fraction above.
/// </summary>
public static class NormalDistribution
{
    /// <summary>P(Z ≥ z) for a standard normal Z.</summary>
    public static double UpperTail(double z) =>
        double.IsNaN(z) ? double.NaN : z >= 0 ? 0.5 * Erfc(z / Math.Sqrt(2)) : 1 - 0.5 * Erfc(-z / Math.Sqrt(2));

    /// <summary>The complementary error function for x ≥ 0.</summary>
    public static double Erfc(double x)
    {
        if (x < 0) throw new ArgumentOutOfRangeException(nameof(x), "Erfc is computed here for x ≥ 0 only.");
        if (x > 27) return 0;
        return x < 3 ? 1 - ErfSeries(x) : ErfcContinuedFraction(x);
    }

    // erf(x) = 2/√π · e^(−x²) · Σ 2ⁿ x^(2n+1) / (1·3·…·(2n+1)): every term positive, so no cancellation.
    private static double ErfSeries(double x)
    {
        double term = x, sum = x;
        for (var n = 1; n < 200 && term > sum * 1e-17; n++)
        {
            term *= 2 * x * x / (2 * n + 1);
            sum += term;
        }
        return 2 / Math.Sqrt(Math.PI) * Math.Exp(-x * x) * sum;
    }

    // erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), evaluated by the modified Lentz method.
    private static double ErfcContinuedFraction(double x)
    {
        const double tiny = 1e-300;
        double f = x, c = x, d = 0;
        for (var k = 1; k < 500; k++)
        {
            var a = k / 2.0;
            d = x + a * d;
            if (Math.Abs(d) < tiny) d = tiny;
            c = x + a / c;
            if (Math.Abs(c) < tiny) c = tiny;
            d = 1 / d;
            var delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1) < 1e-16) break;
        }
        return Math.Exp(-x * x) / Math.Sqrt(Math.PI) / f;
    }
}
