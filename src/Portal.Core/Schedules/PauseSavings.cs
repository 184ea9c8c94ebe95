using System.Globalization;

namespace Portal.Core.Schedules;

/// <summary>
/// App Runner's provisioned-compute price: what a warm but idle instance costs per hour. A paused service incurs no
/// compute charge, so this is what each paused instance-hour saves. Defaults: us-east-1, from the reference architecture.
/// </summary>
public sealed record ComputePrices(decimal VCpuHour, decimal GbHour)
{
    public static ComputePrices AppRunnerProvisioned { get; } = new(0.0064m, 0.0007m);
}

/// <summary>The size of each region's service: vCPU and memory per instance, and how many instances stay provisioned.</summary>
public sealed record InstanceSize(decimal VCpu, decimal MemoryGb, int Instances);

/// <param name="PausedHours">Over <see cref="PauseSavings.Horizon"/>, extrapolated when the walk covered less.</param>
/// <param name="Formula">The calculation with its numbers, so a reader can check it.</param>
public sealed record SavingEstimate(double PausedHours, decimal PerInstanceHour, int Regions, decimal Amount, string Formula);

public static class PauseSavings
{
    /// <summary>The estimate is for the next 30 days ("monthly").</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromDays(30);

    /// <param name="paused">When the schedule holds the services paused, within the first <paramref name="covered"/> of the horizon.</param>
    /// <param name="covered">How much of the horizon the intervals describe: less than 30 days when a very frequent cron made
    /// walking every fire too long; the paused share of what was covered is then taken for the whole horizon.</param>
    /// <param name="regions">How many regions the schedule pauses (one, or every region of its environment).</param>
    public static SavingEstimate Estimate(IReadOnlyList<PausedInterval> paused, TimeSpan covered, ComputePrices prices, InstanceSize size, int regions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(covered, TimeSpan.Zero);
        var walked = paused.Sum(p => p.Hours);
        var extrapolated = covered < Horizon;
        var hours = extrapolated ? walked * (Horizon / covered) : walked;
        var perInstanceHour = size.VCpu * prices.VCpuHour + size.MemoryGb * prices.GbHour;
        var amount = (decimal)Math.Round(hours, 6) * perInstanceHour * size.Instances * regions;

        var c = CultureInfo.InvariantCulture;
        var hoursText = extrapolated
            ? string.Format(c, "{0:0.0} paused h (the first {1:0.#} h walked, {2:0.0} h paused, scaled to 30 days)", hours, covered.TotalHours, walked)
            : string.Format(c, "{0:0.0} paused h", hours);
        var formula = string.Format(c,
            "{0} × ({1} vCPU × ${2} + {3} GB × ${4} = ${5:0.00####} per instance-hour) × {6} {7} × {8} {9} = ${10:0.00}",
            hoursText, size.VCpu, prices.VCpuHour, size.MemoryGb, prices.GbHour, perInstanceHour,
            size.Instances, size.Instances == 1 ? "instance" : "instances", regions, regions == 1 ? "region" : "regions", amount);
        return new SavingEstimate(hours, perInstanceHour, regions, amount, formula);
    }
}
