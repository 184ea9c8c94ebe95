namespace Portal.LocalCloud.Route53;

/// <summary>One weighted record as the router sees it at this moment.</summary>
public sealed record WeightedCandidate(string SetIdentifier, long Weight, bool Healthy, string Value);

/// <summary>
/// Route 53's weighted routing rules, as pure functions so tests and the portal's views agree with what
/// the global endpoint does: weights are proportional among healthy non-zero records; zero-weight records
/// serve only when no non-zero record is healthy (then equally); when every record is unhealthy Route 53
/// answers as though all were healthy.
/// </summary>
public static class WeightedRouting
{
    /// <summary>The share (0-1) of answers each record gets right now; the shares sum to 1 unless there are no records.</summary>
    public static IReadOnlyList<(WeightedCandidate Record, double Share)> Shares(IReadOnlyList<WeightedCandidate> records)
    {
        var pool = records.Where(r => r.Healthy).ToList();
        if (pool.Count == 0) pool = [.. records];
        var nonZero = pool.Where(r => r.Weight > 0).ToList();
        var serving = nonZero.Count > 0 ? nonZero : pool;
        double total = nonZero.Count > 0 ? nonZero.Sum(r => r.Weight) : serving.Count;
        return [.. records.Select(r => (r, serving.Contains(r) ? (nonZero.Count > 0 ? r.Weight : 1) / total : 0.0))];
    }

    /// <summary>Picks a record for one answer; <paramref name="roll"/> is uniform in [0, 1).</summary>
    public static WeightedCandidate? Pick(IReadOnlyList<WeightedCandidate> records, double roll)
    {
        WeightedCandidate? last = null;
        var cumulative = 0.0;
        foreach (var (record, share) in Shares(records))
        {
            if (share <= 0) continue;
            cumulative += share;
            last = record;
            if (roll < cumulative) return record;
        }
        return last;
    }
}
