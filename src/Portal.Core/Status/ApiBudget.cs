namespace Portal.Core.Status;

/// <summary>The AWS read APIs the collector budgets, by the names the budgets and the page use.</summary>
public static class CollectorApis
{
    /// <summary>Route 53's own bucket for it (AWS: 1 request per second per account, burst 4).</summary>
    public const string HealthCheckStatus = "Route 53 GetHealthCheckStatus";

    /// <summary>Every Route 53 call of the account together (AWS: 10 per second per account, burst 50).</summary>
    public const string Route53 = "Route 53 (all calls)";

    /// <summary>DescribeService and ListOperations, per region.</summary>
    public const string AppRunner = "App Runner";

    /// <summary>DescribeTable, per region.</summary>
    public const string DynamoDb = "DynamoDB DescribeTable";

    /// <summary>GetMetricData, per region.</summary>
    public const string CloudWatch = "CloudWatch GetMetricData";
}

/// <summary>One API's share of AWS's rate that the collector may use: a token bucket of <paramref name="PerSecond"/> and <paramref name="Burst"/>.</summary>
/// <param name="PerRegion">True when AWS counts the calls per region (App Runner, DynamoDB, CloudWatch); Route 53 counts per account.</param>
public sealed record ApiBudget(string Api, double PerSecond, double Burst, bool PerRegion);

/// <summary>
/// Token buckets, one per budget (and region, where AWS counts per region), on the portal's clock. A batch of calls is
/// allowed while every bucket it draws from holds a whole token, and then takes its whole cost, going into debt if it
/// must: one environment's reads go out together, and the average rate stays within the budget.
/// </summary>
/// <param name="feedback">AWS's throttling answers, which lower a bucket's rate for a while; none: the budgets as configured.</param>
public sealed class BudgetBuckets(IReadOnlyList<ApiBudget> budgets, TimeProvider time, ThrottleFeedback? feedback = null)
{
    private readonly object _gate = new();
    private readonly Dictionary<(string Api, string Region), (double Tokens, DateTimeOffset At)> _buckets = [];

    public IReadOnlyList<ApiBudget> Budgets => budgets;

    public ApiBudget Budget(string api) => budgets.First(b => b.Api == api);

    public ThrottleFeedback? Feedback => feedback;

    /// <summary>The rate the collector allows itself now for <paramref name="budget"/> (in <paramref name="region"/> where it counts per region): lower after
    /// throttling.</summary>
    public double Rate(ApiBudget budget, string region = "") => budget.PerSecond * (feedback?.Factor(budget.Api, budget.PerRegion ? region : "") ?? 1);

    /// <summary>Takes the calls of <paramref name="cost"/> if every bucket they draw from holds a token; otherwise takes nothing.</summary>
    public bool TryTake(IReadOnlyList<(string Api, string Region, int Calls)> cost)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            var keyed = cost.GroupBy(c => Key(c.Api, c.Region)).Select(g => (Key: g.Key, Calls: g.Sum(c => c.Calls))).ToList();
            if (keyed.Any(c => Refill(c.Key, now) < 1)) return false;
            foreach (var (key, calls) in keyed) _buckets[key] = (_buckets[key].Tokens - calls, now);
            return true;
        }
    }

    private (string, string) Key(string api, string region) => Budget(api).PerRegion ? (api, region) : (api, "");

    private double Refill((string Api, string Region) key, DateTimeOffset now)
    {
        var budget = Budget(key.Api);
        var (tokens, at) = _buckets.TryGetValue(key, out var held) ? held : (budget.Burst, now);
        tokens = Math.Min(budget.Burst, tokens + (now - at).TotalSeconds * Rate(budget, key.Region));
        _buckets[key] = (tokens, now);
        return tokens;
    }
}
