namespace Portal.Tests;

internal static class Eventually
{
    /// <summary>Polls until <paramref name="condition"/> holds or 30 s pass (a bound, not a measured time).</summary>
    public static async Task<bool> Async(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!timeout.IsCancellationRequested)
        {
            if (await condition()) return true;
            await Task.Delay(50);
        }
        return await condition();
    }
}
