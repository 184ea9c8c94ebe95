namespace Portal.LocalCloud.Faults;

/// <summary>The faults injected through /_localcloud/faults; read on every API call and by the simulations.</summary>
public sealed class FaultState(TimeProvider time)
{
    private readonly object _gate = new();
    private readonly HashSet<string> _regionsDown = new(StringComparer.Ordinal);
    private double _throttleFraction;
    private string? _throttleService;
    private TimeSpan _addedLatency;
    private bool _route53ControlPlaneDown;
    private double _replicationLagMultiplier = 1;
    private DateTimeOffset _replicationLagUntil;

    public bool IsRegionDown(string region) { lock (_gate) return _regionsDown.Contains(region); }

    public void SetRegionDown(string region, bool down)
    {
        lock (_gate) { if (down) _regionsDown.Add(region); else _regionsDown.Remove(region); }
    }

    /// <summary>Fraction (0-1) of API calls answered with the service's throttling error; null service means every service.</summary>
    public void SetThrottling(double fraction, string? signingService)
    {
        lock (_gate) { _throttleFraction = fraction; _throttleService = signingService; }
    }

    public bool ShouldThrottle(string signingService, double roll)
    {
        lock (_gate) return _throttleFraction > 0 && (_throttleService is null || _throttleService == signingService) && roll < _throttleFraction;
    }

    public TimeSpan AddedLatency { get { lock (_gate) return _addedLatency; } set { lock (_gate) _addedLatency = value; } }

    /// <summary>Route 53's API fails while health checks, DNS answers and the global endpoints go on.</summary>
    public bool Route53ControlPlaneDown { get { lock (_gate) return _route53ControlPlaneDown; } set { lock (_gate) _route53ControlPlaneDown = value; } }

    /// <summary>Multiplies replication latency by <paramref name="multiplier"/> until <paramref name="duration"/> has passed (real time).</summary>
    public void SpikeReplicationLag(double multiplier, TimeSpan duration)
    {
        lock (_gate) { _replicationLagMultiplier = multiplier; _replicationLagUntil = time.GetUtcNow() + duration; }
    }

    public double ReplicationLagMultiplier
    {
        get { lock (_gate) return ReplicationLagMultiplierUnlocked(); }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _regionsDown.Clear();
            _throttleFraction = 0;
            _throttleService = null;
            _addedLatency = TimeSpan.Zero;
            _route53ControlPlaneDown = false;
            _replicationLagMultiplier = 1;
            _replicationLagUntil = default;
        }
    }

    public object Describe()
    {
        lock (_gate)
            return new
            {
                regionsDown = _regionsDown.Order().ToArray(),
                throttle = new { fraction = _throttleFraction, service = _throttleService },
                addedLatencyMs = _addedLatency.TotalMilliseconds,
                route53ControlPlaneDown = _route53ControlPlaneDown,
                replicationLag = new { multiplier = ReplicationLagMultiplierUnlocked(), until = _replicationLagUntil == default
                    ? (DateTimeOffset?)null : _replicationLagUntil },
            };
    }

    private double ReplicationLagMultiplierUnlocked() => time.GetUtcNow() < _replicationLagUntil ? _replicationLagMultiplier : 1;
}
