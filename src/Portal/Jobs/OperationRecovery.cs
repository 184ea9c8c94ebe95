using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.Options;
using Portal.Core.Operations;
using Portal.Data;

namespace Portal.Jobs;

/// <summary>
/// The portal's records, not Hangfire's storage, make operations durable. At start-up and then every
/// <see cref="SubmitGrace"/>: an operation the records call queued or running, but whose job Hangfire no longer holds
/// (Hangfire.InMemory lost it with the process, or it ended without ending the record), is handed to Hangfire again
/// and resumes from its last completed step, the step it was in running again after checking the state first.
/// Operations whose job Hangfire still holds are left to it (here, or on another instance of a cluster). Looking again
/// now and then, not only at start-up, is for a cluster: an instance that dies between recording an operation and
/// queueing its job leaves it queued, and the others may never restart.
/// </summary>
public sealed class OperationRecovery(
    IOperationStore store,
    IOperationLeases leases,
    JobStorage storage,
    OperationQueue queue,
    JobServer server,
    IOptions<DataOptions> data,
    TimeProvider time,
    ILogger<OperationRecovery> logger) : BackgroundService
{
    /// <summary>
    /// Far longer than a submission takes from recording an operation to queueing its job. A queued operation without
    /// a job that is younger may be on its way to Hangfire on another instance of a cluster; it is left alone until older.
    /// </summary>
    public static readonly TimeSpan SubmitGrace = TimeSpan.FromMinutes(1);

    /// <summary>What the job id reads while an instance hands an operation over (it names no Hangfire job).</summary>
    public const string HandingOverPrefix = "handing-over-by-";

    // Only instances sharing PostgreSQL can be mid-submission elsewhere; a SQLite folder belongs to this portal alone.
    private TimeSpan Grace => data.Value.Provider == DataProvider.Postgres ? SubmitGrace : TimeSpan.Zero;

    // One check at a time here (start-up's and a caller's may overlap); across instances the store decides (below).
    private readonly SemaphoreSlim _gate = new(1, 1);

    private static readonly HashSet<string> HeldStates =
        [EnqueuedState.StateName, ProcessingState.StateName, ScheduledState.StateName, AwaitingState.StateName];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                try
                {
                    await CheckAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    logger.LogError(ex, "Could not check for operations without a job; looking again in {Interval}", SubmitGrace);
                }
                await Task.Delay(SubmitGrace, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Hands every active operation without a job to Hangfire again; returns their ids.</summary>
    public async Task<IReadOnlyList<string>> CheckAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            return await HandOverOrphansAsync(ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<IReadOnlyList<string>> HandOverOrphansAsync(CancellationToken ct)
    {
        var handed = new List<string>();
        foreach (var listed in await store.ActiveAsync(ct))
        {
            var jobId = await leases.JobOfAsync(listed.Id, ct);
            if (jobId is not null && IsHeld(jobId)) continue;
            if (jobId is null && listed.State == OperationState.Queued && time.GetUtcNow() - listed.CreatedAt < Grace) continue;
            // Read again: an operation that ended since the list was read has lost its job by finishing.
            if (await store.GetAsync(listed.Id, ct) is not { IsFinished: false } record) continue;
            // Claimed in the store first: another instance that found the same orphan at the same time finds the job id
            // changed and leaves it. A claim whose instance dies before queueing names no job, so a later check retries.
            if (!await leases.TryReplaceJobAsync(record.Id, jobId, HandingOverPrefix + server.Name, ct)) continue;
            await queue.ScheduleAsync(record.Id, ct);
            handed.Add(record.Id);
            logger.LogWarning("Operation {OperationId} was {State} without a job (last job {JobId}); handed to the job server again to resume from its last " +
                "completed step",
                record.Id, record.State, jobId ?? "none");
        }
        return handed;
    }

    private bool IsHeld(string jobId)
    {
        try
        {
            using var connection = storage.GetConnection();
            return connection.GetJobData(jobId)?.State is { } state && HeldStates.Contains(state);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            return false; // An id another storage wrote (Hangfire.InMemory's, read by PostgreSQL's): not a job here.
        }
    }
}
