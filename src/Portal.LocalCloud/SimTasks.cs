using Microsoft.Extensions.Logging;

namespace Portal.LocalCloud;

/// <summary>
/// Owns every background task LocalCloud starts (operations in flight, replication, record sync, loops),
/// so that stopping LocalCloud cancels and awaits them all and a failing task is logged, not lost.
/// </summary>
public sealed class SimTasks(ILogger<SimTasks> logger) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _tasks = [];

    public CancellationToken Stopping => _stopping.Token;

    public void Run(string what, Func<CancellationToken, Task> work)
    {
        var task = Task.Run(async () =>
        {
            try { await work(_stopping.Token); }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested) { }
            catch (Exception e) { logger.LogError(e, "LocalCloud background task '{What}' failed", what); }
        });
        lock (_tasks)
        {
            _tasks.RemoveAll(t => t.IsCompleted);
            _tasks.Add(task);
        }
    }

    /// <summary>Runs <paramref name="tick"/> every <paramref name="awsInterval"/> (scaled) until LocalCloud stops.</summary>
    public void Every(string what, SimClock clock, TimeSpan awsInterval, Func<CancellationToken, Task> tick) =>
        Run(what, async ct =>
        {
            using var timer = new PeriodicTimer(clock.Scaled(awsInterval), clock.Time);
            while (await timer.WaitForNextTickAsync(ct))
            {
                try { await tick(ct); }
                catch (OperationCanceledException) when (ct.IsCancellationRequested) { throw; }
                catch (Exception e) { logger.LogWarning(e, "LocalCloud tick '{What}' failed; continuing", what); }
            }
        });

    private int _disposed;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _stopping.CancelAsync();
        Task[] running;
        lock (_tasks) running = [.. _tasks];
        try { await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(10)); }
        catch (TimeoutException) { logger.LogWarning("LocalCloud background tasks did not stop within 10 s"); }
        _stopping.Dispose();
    }
}
