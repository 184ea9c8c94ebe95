namespace Portal.Core.Status;

/// <summary>
/// The latest snapshot of every environment, swapped whole on each refresh, and a way to wait for the
/// next one. Every viewer reads from here, so the AWS call rate does not depend on how many watch.
/// </summary>
public sealed class StatusBoard
{
    private readonly object _gate = new();
    private IReadOnlyList<EnvironmentStatus> _environments = [];
    private long _version;
    private CollectorInfo _collector = CollectorInfo.Unknown;
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public MetricHistory Metrics { get; } = new();

    public HealthHistory Health { get; } = new();

    public (IReadOnlyList<EnvironmentStatus> Environments, long Version) Current
    {
        get { lock (_gate) return (_environments, _version); }
    }

    /// <summary>Which instance the current facts come from, as the dashboard and the API say it.</summary>
    public CollectorInfo Collector
    {
        get { lock (_gate) return _collector; }
    }

    public EnvironmentStatus? Find(string name) =>
        Current.Environments.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));

    public void Publish(IReadOnlyList<EnvironmentStatus> environments, CollectorInfo? collector = null)
    {
        TaskCompletionSource released;
        lock (_gate)
        {
            _environments = environments;
            _collector = collector ?? _collector;
            _version++;
            released = _next;
            _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        released.TrySetResult();
    }

    /// <summary>Completes when a snapshot newer than <paramref name="version"/> is published (at once if there already is one).</summary>
    public Task WaitForNewerAsync(long version, CancellationToken ct)
    {
        lock (_gate)
            return _version > version ? Task.CompletedTask : _next.Task.WaitAsync(ct);
    }
}
