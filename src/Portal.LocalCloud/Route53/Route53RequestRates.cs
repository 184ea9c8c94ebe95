using Portal.LocalCloud.Protocol;

namespace Portal.LocalCloud.Route53;

/// <summary>
/// Route 53's request-rate throttling, per account, as AWS's "Throttling for Amazon Route 53 API requests" page
/// (Route 53 Developer Guide, throttling-api-requests) states it: one account-level bucket for all operations
/// together (capacity 50, refill 10/s) and one bucket per operation (capacity 50, refill 10/s unless listed;
/// GetHealthCheckStatus and GetHealthCheckLastFailureReason 4 and 1/s). A request takes a token from both
/// buckets and is throttled when either is empty. Buckets run in real seconds whatever LocalCloud's TimeScale
/// (the budget is about how often a client calls, not about how long AWS takes to do something), unless
/// <paramref name="budgetTimeScale"/> compresses them for a client that itself runs its pace that much faster.
/// </summary>
public sealed class Route53RequestRates(TimeProvider time, double budgetTimeScale = 1)
{
    public const double AccountCapacity = 50, AccountRefillPerSecond = 10;
    public const double DefaultCapacity = 50, DefaultRefillPerSecond = 10;

    /// <summary>The page's operations with their own figures, of those LocalCloud serves or a portal may call.</summary>
    public static readonly IReadOnlyDictionary<string, (double Capacity, double RefillPerSecond)> Listed =
        new Dictionary<string, (double, double)>(StringComparer.Ordinal)
        {
            ["GetHealthCheckStatus"] = (4, 1),
            ["GetHealthCheckLastFailureReason"] = (4, 1),
        };

    private readonly object _gate = new();
    private readonly Dictionary<string, TokenBucket> _accounts = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Account, string Operation), TokenBucket> _operations = [];

    /// <summary>
    /// Takes a token for <paramref name="operation"/> from the account's bucket for it and from the account's total;
    /// false (nothing taken) when either is empty. Each account has its own buckets, as AWS's budgets are per account.
    /// </summary>
    public bool TryAdmit(string accountId, string operation)
    {
        lock (_gate)
        {
            if (!_accounts.TryGetValue(accountId, out var account))
                _accounts[accountId] = account = new TokenBucket(AccountCapacity, AccountRefillPerSecond / budgetTimeScale, time);
            if (!_operations.TryGetValue((accountId, operation), out var bucket))
            {
                var (capacity, refill) = Listed.GetValueOrDefault(operation, (DefaultCapacity, DefaultRefillPerSecond));
                _operations[(accountId, operation)] = bucket = new TokenBucket(capacity, refill / budgetTimeScale, time);
            }
            if (!bucket.HasToken || !account.HasToken) return false;
            bucket.Take();
            account.Take();
            return true;
        }
    }
}
