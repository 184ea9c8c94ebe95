namespace Portal.Core.Migration;

/// <summary>A region's share split between its two weighted records: App Runner's and ECS Express's.</summary>
public sealed record RuntimeSplit(int AppRunner, int Express)
{
    public int Total => AppRunner + Express;

    /// <summary>ECS Express's part of the region's share (0-1); 0 when the region carries no weight.</summary>
    public double ExpressShare => Total == 0 ? 0 : (double)Express / Total;

    public override string ToString() => $"App Runner {AppRunner}, ECS Express {Express}";
}

/// <summary>
/// The steps of moving a region from App Runner to ECS Express: ECS Express gets 10%, then 50%, then 100% of the
/// region's share, by weight, the region's total weight (and so its share of the environment) unchanged throughout.
/// </summary>
public static class MigrationPlan
{
    public static readonly IReadOnlyList<double> Fractions = [0.10, 0.50, 1.0];

    /// <summary>
    /// The split that gives ECS Express <paramref name="fraction"/> of <paramref name="total"/>. Before the last step each
    /// side keeps at least weight 1: a zero-weight record serves only when every other record is unhealthy, so a 0 would
    /// not be a small share but none, and the step would judge nothing.
    /// </summary>
    public static RuntimeSplit SplitFor(int total, double fraction)
    {
        if (total <= 0) throw new ArgumentOutOfRangeException(nameof(total), total, "The region carries no weight, so it has no share to move.");
        if (fraction >= 1) return new RuntimeSplit(0, total);
        if (total == 1) throw new InvalidOperationException("A region with total weight 1 cannot be split between two records; give it a larger weight (e.g. " +
            "128) first.");
        var express = Math.Clamp((int)Math.Round(total * fraction, MidpointRounding.AwayFromZero), 1, total - 1);
        return new RuntimeSplit(total - express, express);
    }

    /// <summary>"shift 10% to ECS Express": the step's name part, stable across restarts.</summary>
    public static string StepLabel(double fraction) => $"{fraction * 100:0}% to ECS Express";
}
