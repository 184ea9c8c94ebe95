using System.Globalization;

namespace Portal.LocalCloud.CloudWatch;

public enum StatisticKind { Sum, Average, Maximum, Minimum, SampleCount, Percentile }

/// <summary>A GetMetricData statistic: one of the five basic ones or a percentile such as p99 or p99.9.</summary>
public readonly record struct Statistic(StatisticKind Kind, double Percentile = 0)
{
    public static bool TryParse(string? text, out Statistic statistic)
    {
        statistic = default;
        switch (text)
        {
            case "Sum": statistic = new(StatisticKind.Sum); return true;
            case "Average": statistic = new(StatisticKind.Average); return true;
            case "Maximum": statistic = new(StatisticKind.Maximum); return true;
            case "Minimum": statistic = new(StatisticKind.Minimum); return true;
            case "SampleCount": statistic = new(StatisticKind.SampleCount); return true;
        }
        // CloudWatch accepts pNN and pNN.NN with the percentile in [0, 100].
        if (text is { Length: > 1 } && text[0] == 'p'
            && double.TryParse(text.AsSpan(1), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var p)
            && p is >= 0 and <= 100)
        {
            statistic = new(StatisticKind.Percentile, p);
            return true;
        }
        return false;
    }
}
