namespace Portal.LocalCloud;

/// <summary>
/// LocalCloud's one notion of time: wall-clock timestamps from a <see cref="TimeProvider"/>, and every
/// simulated AWS duration multiplied by one scale factor, so the same world runs in seconds for a demo
/// and in milliseconds for tests.
/// </summary>
public sealed class SimClock(TimeProvider time, double scale)
{
    public TimeProvider Time { get; } = time;

    public double Scale { get; } = scale;

    public DateTimeOffset Now => Time.GetUtcNow();

    /// <summary>The real time an AWS-realistic duration takes here (never under one millisecond).</summary>
    public TimeSpan Scaled(TimeSpan awsDuration) =>
        TimeSpan.FromMilliseconds(Math.Max(1, awsDuration.TotalMilliseconds * Scale));

    public Task Delay(TimeSpan awsDuration, CancellationToken ct) => Task.Delay(Scaled(awsDuration), Time, ct);
}
