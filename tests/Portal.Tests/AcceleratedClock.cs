namespace Portal.Tests;

/// <summary>
/// A wall clock that runs <see cref="Factor"/> times faster than real time from the moment it is made, shared by a
/// portal and its LocalCloud so that CloudWatch's whole minutes pass in seconds. Timers keep real durations: only the
/// reading of the clock is faster, so LocalCloud's own delays (its TimeScale) and the portal's polls are as in any test.
/// </summary>
/// <remarks>
/// The AWS SDK signs with the real clock, and LocalCloud refuses a signature more than 15 minutes off its own clock, as
/// AWS does: a test on this clock must end within 15 simulated minutes (at 15×, 60 real seconds).
/// </remarks>
public sealed class AcceleratedClock(double factor) : TimeProvider
{
    private readonly DateTimeOffset _origin = System.GetUtcNow();
    private readonly long _started = System.GetTimestamp();

    public double Factor { get; } = factor;

    public override DateTimeOffset GetUtcNow() => _origin + System.GetElapsedTime(_started) * Factor;
}
