using System.Collections.Concurrent;

namespace Portal.LocalCloud.Protocol;

/// <summary>How many API calls each service has answered: lets tests and benchmarks see a client's real AWS call rate.</summary>
public sealed class ApiCallCounter
{
    private readonly ConcurrentDictionary<string, long> _calls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _signers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _throttled = new(StringComparer.Ordinal);

    /// <summary>Each call as it arrives ("service:Operation"): the operations benchmark times the portal's first call after a click.</summary>
    public event Action<string>? Observed;

    public void Count(string signingService, string? operation)
    {
        var key = $"{signingService}:{operation ?? "?"}";
        _calls.AddOrUpdate(key, 1, (_, n) => n + 1);
        Observed?.Invoke(key);
    }

    /// <summary>A call answered with the service's throttling error (an injected fault or a token bucket run dry).</summary>
    public void CountThrottled(string signingService, string operation) =>
        _throttled.AddOrUpdate($"{signingService}:{operation}", 1, (_, n) => n + 1);

    /// <summary>Throttled answers per "service:Operation" so far.</summary>
    public IReadOnlyDictionary<string, long> Throttled() => new SortedDictionary<string, long>(_throttled, StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, long> _accounts = new(StringComparer.Ordinal);

    /// <summary>A verified call's signer: which access key of which account signed for which service and operation.</summary>
    public void CountSigner(string signingService, string accessKeyId, string accountId, string operation)
    {
        _signers.AddOrUpdate($"{signingService} {accessKeyId}", 1, (_, n) => n + 1);
        _accounts.AddOrUpdate($"{accountId} {signingService}:{operation}", 1, (_, n) => n + 1);
    }

    /// <summary>Verified calls per "account service:Operation": shows which account's credentials each call was signed with.</summary>
    public IReadOnlyDictionary<string, long> Accounts() => new SortedDictionary<string, long>(_accounts, StringComparer.Ordinal);

    /// <summary>Verified calls per "service accessKeyId" so far: shows whose credentials a client really signs with.</summary>
    public IReadOnlyDictionary<string, long> Signers() => new SortedDictionary<string, long>(_signers, StringComparer.Ordinal);

    /// <summary>Calls per "service:Operation" so far.</summary>
    public IReadOnlyDictionary<string, long> Snapshot() => new SortedDictionary<string, long>(_calls, StringComparer.Ordinal);

    public long Total => _calls.Values.Sum();
}
