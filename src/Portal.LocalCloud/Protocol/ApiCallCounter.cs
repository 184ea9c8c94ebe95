using System.Collections.Concurrent;

namespace Portal.LocalCloud.Protocol;

/// <summary>How many API calls each service has answered: lets tests and benchmarks see a client's real AWS call rate.</summary>
public sealed class ApiCallCounter
{
    private readonly ConcurrentDictionary<string, long> _calls = new(StringComparer.Ordinal);

    public void Count(string signingService, string? operation) =>
        _calls.AddOrUpdate($"{signingService}:{operation ?? "?"}", 1, (_, n) => n + 1);

    /// <summary>Calls per "service:Operation" so far.</summary>
    public IReadOnlyDictionary<string, long> Snapshot() => new SortedDictionary<string, long>(_calls, StringComparer.Ordinal);

    public long Total => _calls.Values.Sum();
}
