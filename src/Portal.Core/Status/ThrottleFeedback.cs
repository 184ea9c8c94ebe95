namespace Portal.Core.Status;

/// <summary>
/// AWS's throttling answers fed back into the collector's budgets, as the AWS SDKs' adaptive retry mode does with its
/// client-side rate: each throttled answer halves the rate the collector allows itself for that API (down to a
/// sixteenth), and without further throttling it grows back linearly to the whole budget over
/// <see cref="Recovery"/>. The answers of the last <see cref="Window"/> are kept so the page can say what happened.
/// </summary>
public sealed class ThrottleFeedback(TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    /// <summary>From a sixteenth back to the whole budget: slow, so a busy account is not hit again at once.</summary>
    public static readonly TimeSpan Recovery = TimeSpan.FromMinutes(5);

    public const double Cut = 0.5;

    public const double MinFactor = 1.0 / 16;

    private readonly object _gate = new();
    private readonly Dictionary<(string Api, string Region), (double Factor, DateTimeOffset At)> _factors = [];
    private readonly Dictionary<(string Api, string Region), Queue<DateTimeOffset>> _answers = [];

    /// <summary>
    /// The budgets a throttled call of AWS's <paramref name="signingService"/> / <paramref name="operation"/> counts against,
    /// keyed as the buckets are: Route 53's per account (region ""), the others per region.
    /// </summary>
    public static IReadOnlyList<(string Api, string Region)> BudgetsOf(string signingService, string operation, string region) => signingService switch
    {
        "route53" when operation is "GetHealthCheckStatus" or "GetHealthCheckLastFailureReason"
            => [(CollectorApis.HealthCheckStatus, ""), (CollectorApis.Route53, "")],
        "route53" => [(CollectorApis.Route53, "")],
        "apprunner" => [(CollectorApis.AppRunner, region)],
        "dynamodb" => [(CollectorApis.DynamoDb, region)],
        "monitoring" => [(CollectorApis.CloudWatch, region)],
        _ => [],
    };

    /// <summary>One throttled answer (an attempt the transport will retry, or the last one).</summary>
    public void Throttled(string api, string region)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            _factors[(api, region)] = (Math.Max(MinFactor, FactorAt((api, region), now) * Cut), now);
            if (!_answers.TryGetValue((api, region), out var answers)) _answers[(api, region)] = answers = new();
            answers.Enqueue(now);
        }
    }

    /// <summary>The share of its budget the collector allows itself for <paramref name="api"/> in <paramref name="region"/> now (1: all of it).</summary>
    public double Factor(string api, string region)
    {
        lock (_gate) return FactorAt((api, region), time.GetUtcNow());
    }

    /// <summary>Whether any budget is below its whole rate now.</summary>
    public bool Adapting
    {
        get
        {
            var now = time.GetUtcNow();
            lock (_gate) return _factors.Keys.Any(key => FactorAt(key, now) < 1);
        }
    }

    /// <summary>Every budget with throttled answers in the last <see cref="Window"/>: how many, and the share of the budget allowed now.</summary>
    public IReadOnlyList<(string Api, string Region, int Throttled, double Factor)> Recent()
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            foreach (var answers in _answers.Values)
                while (answers.Count > 0 && now - answers.Peek() > Window) answers.Dequeue();
            return [.. _answers.Where(a => a.Value.Count > 0).OrderBy(a => a.Key.Api, StringComparer.Ordinal).ThenBy(a => a.Key.Region, StringComparer.Ordinal)
                .Select(a => (a.Key.Api, a.Key.Region, a.Value.Count, FactorAt(a.Key, now)))];
        }
    }

    private double FactorAt((string Api, string Region) key, DateTimeOffset now)
    {
        if (!_factors.TryGetValue(key, out var held)) return 1;
        return Math.Min(1, held.Factor + (now - held.At) / Recovery);
    }
}
