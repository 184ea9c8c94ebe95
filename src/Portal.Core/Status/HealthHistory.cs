using Portal.Core.Health;

namespace Portal.Core.Status;

/// <summary>One refresh's Route 53 observations of a region's health check.</summary>
public sealed record HealthSample(DateTimeOffset At, IReadOnlyList<CheckerObservation> Observations)
{
    public int HealthyCount => Observations.Count(o => o.Healthy);
}

/// <summary>The last <see cref="Capacity"/> observations per region, for "checkers over time" on the region page.</summary>
public sealed class HealthHistory
{
    public const int Capacity = 90;

    private readonly object _gate = new();
    private readonly Dictionary<(string Env, string Region), Queue<HealthSample>> _samples = [];

    public void Add(string environment, string region, HealthSample sample)
    {
        lock (_gate)
        {
            if (!_samples.TryGetValue((environment, region), out var queue)) _samples[(environment, region)] = queue = new();
            queue.Enqueue(sample);
            while (queue.Count > Capacity) queue.Dequeue();
        }
    }

    public IReadOnlyList<HealthSample> Read(string environment, string region)
    {
        lock (_gate) return _samples.TryGetValue((environment, region), out var queue) ? [.. queue] : [];
    }
}
