namespace Portal.LocalCloud.Protocol;

/// <summary>
/// A token bucket as AWS describes its API throttling: it holds at most <see cref="Capacity"/> tokens (the burst),
/// refills continuously at <see cref="RefillPerSecond"/> (the sustained rate; tokens that arrive when it is full are
/// dropped), and each request takes one token. Not thread-safe: the caller holds one lock over related buckets so a
/// request takes from all of them or from none.
/// </summary>
public sealed class TokenBucket(double capacity, double refillPerSecond, TimeProvider time)
{
    private double _tokens = capacity;
    private long _refilledAt = time.GetTimestamp();

    public double Capacity { get; } = capacity;

    public double RefillPerSecond { get; } = refillPerSecond;

    public bool HasToken
    {
        get
        {
            Refill();
            return _tokens >= 1;
        }
    }

    public void Take()
    {
        Refill();
        _tokens -= 1;
    }

    private void Refill()
    {
        var now = time.GetTimestamp();
        _tokens = Math.Min(Capacity, _tokens + time.GetElapsedTime(_refilledAt, now).TotalSeconds * RefillPerSecond);
        _refilledAt = now;
    }
}
