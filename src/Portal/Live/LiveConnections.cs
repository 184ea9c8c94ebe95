using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Portal.Live;

/// <summary>Counts each user's open live streams on this instance so one user (or a script with their cookie) cannot hold unbounded connections.</summary>
public sealed class LiveConnections(IOptionsMonitor<LiveOptions> options)
{
    private readonly ConcurrentDictionary<string, int> _open = new(StringComparer.Ordinal);

    public int OpenFor(string user) => _open.TryGetValue(user, out var n) ? n : 0;

    /// <summary>A lease to dispose when the stream ends; null when the user already holds the maximum.</summary>
    public IDisposable? TryOpen(string user)
    {
        var max = options.CurrentValue.MaxStreamsPerUser;
        while (true)
        {
            var current = OpenFor(user);
            if (current >= max) return null;
            if (current == 0 ? _open.TryAdd(user, 1) : _open.TryUpdate(user, current + 1, current)) return new Lease(this, user);
        }
    }

    private void Close(string user)
    {
        while (true)
        {
            var current = OpenFor(user);
            if (current == 0) return;
            if (current == 1 ? _open.TryRemove(new KeyValuePair<string, int>(user, current)) : _open.TryUpdate(user, current - 1, current)) return;
        }
    }

    private sealed class Lease(LiveConnections owner, string user) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) owner.Close(user);
        }
    }
}
