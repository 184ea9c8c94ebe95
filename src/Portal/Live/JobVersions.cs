using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Portal.Core.Operations;

namespace Portal.Live;

/// <summary>What a job's live stream announces: a version that changes whenever anything the job page shows changes.</summary>
public sealed record JobVersion(string Version, bool Finished);

/// <summary>
/// Jobs' versions for their live streams. Steps are written by whichever instance runs the job, so each instance reads
/// the record; at most once per <see cref="LiveOptions.JobCheckInterval"/> per job however many viewers watch it.
/// </summary>
public sealed class JobVersions(IOperationStore store, TimeProvider time, IOptionsMonitor<LiveOptions> options)
{
    private sealed record Entry(DateTimeOffset ReadAt, Task<JobVersion?> Read);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>The job's current version; null when there is no such job.</summary>
    public Task<JobVersion?> GetAsync(string id)
    {
        var now = time.GetUtcNow();
        var fresh = now - options.CurrentValue.JobCheckInterval;
        while (true)
        {
            if (_entries.TryGetValue(id, out var entry) && (entry.ReadAt > fresh || !entry.Read.IsCompleted)) return entry.Read;
            var next = new Entry(now, ReadAsync(id));
            if (entry is null ? _entries.TryAdd(id, next) : _entries.TryUpdate(id, next, entry))
            {
                Forget(now - TimeSpan.FromMinutes(1));
                return next.Read;
            }
        }
    }

    /// <summary>The version of a record as read: the same text on every instance for the same stored state.</summary>
    public static string Of(OperationRecord job)
    {
        var text = new StringBuilder()
            .Append(job.State).Append('|').Append(job.CancelRequested).Append('|').Append(job.Outcome).Append('|')
            .Append(Stamp(job.StartedAt)).Append('|').Append(Stamp(job.EndedAt));
        foreach (var s in job.Steps)
            text.Append('\n').Append(s.Name).Append('|').Append(s.State).Append('|').Append(s.Message).Append('|').Append(Stamp(s.EndedAt)).Append('|')
                .Append(s.Data);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())).AsSpan(0, 8));
    }

    private static string Stamp(DateTimeOffset? at) => at?.UtcTicks.ToString(CultureInfo.InvariantCulture) ?? "";

    private async Task<JobVersion?> ReadAsync(string id)
    {
        // Not the viewer's token: the read is shared by every viewer of the job, and one leaving must not fail the others.
        var job = await store.GetAsync(id, CancellationToken.None);
        return job is null ? null : new JobVersion(Of(job), job.IsFinished);
    }

    private void Forget(DateTimeOffset before)
    {
        foreach (var (key, entry) in _entries)
            if (entry.ReadAt < before && entry.Read.IsCompleted) _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
    }
}
