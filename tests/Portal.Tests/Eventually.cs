namespace Portal.Tests;

/// <summary>The one way tests wait for something asynchronous: poll until it holds, within a bound (not a measured time).</summary>
internal static class Eventually
{
    public static readonly TimeSpan DefaultBound = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <summary>Polls until <paramref name="condition"/> holds or <paramref name="bound"/> (30 s) passes; the last answer.</summary>
    public static async Task<bool> Async(Func<Task<bool>> condition, TimeSpan? bound = null) =>
        (await ValueAsync(condition, done => done, bound)).Done;

    /// <summary>Reads until <paramref name="done"/> holds for what was read or the bound passes; the last value read, and whether it was done.</summary>
    public static async Task<(T Value, bool Done)> ValueAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan? bound = null)
    {
        using var timeout = new CancellationTokenSource(bound ?? DefaultBound);
        while (true)
        {
            var value = await read();
            if (done(value)) return (value, true);
            if (timeout.IsCancellationRequested) return (value, false);
            await Task.Delay(Interval);
        }
    }
}
