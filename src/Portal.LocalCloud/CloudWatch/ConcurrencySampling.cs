namespace Portal.LocalCloud.CloudWatch;

/// <summary>
/// Samples the average number of requests in flight per service, as the runtimes' own gauges do: InFlight
/// is probed in real time, far more often than samples are written, so short bursts count.
/// </summary>
public static class ConcurrencySampling
{
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>Every <paramref name="awsInterval"/> (scaled), calls <paramref name="sample"/> with each service's index and average concurrency.</summary>
    public static void Start(SimTasks tasks, SimClock clock, string what, TimeSpan awsInterval, Func<int>[] inFlight,
        Action<int, double, DateTimeOffset> sample)
    {
        var sums = new long[inFlight.Length];
        var probes = new long[inFlight.Length];

        tasks.Run($"{what} in-flight probe", async ct =>
        {
            using var timer = new PeriodicTimer(ProbeInterval, clock.Time);
            while (await timer.WaitForNextTickAsync(ct))
                for (var i = 0; i < inFlight.Length; i++)
                {
                    Interlocked.Add(ref sums[i], inFlight[i]());
                    Interlocked.Increment(ref probes[i]);
                }
        });

        tasks.Every($"{what} metrics sampler", clock, awsInterval, _ =>
        {
            var now = clock.Now;
            for (var i = 0; i < inFlight.Length; i++)
            {
                var sum = Interlocked.Exchange(ref sums[i], 0);
                var n = Interlocked.Exchange(ref probes[i], 0);
                sample(i, n == 0 ? inFlight[i]() : (double)sum / n, now);
            }
            return Task.CompletedTask;
        });
    }

    /// <summary>Gaussian noise for utilization gauges.</summary>
    public static double Noise(Random random, double sigma) =>
        sigma * Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
