using Hangfire;
using Portal.Core.Audit;
using Portal.Core.Operations;
using Portal.Core.Schedules;

namespace Portal.Jobs.Schedules;

/// <summary>
/// A schedule's cron fired (or the start-up policy runs a missed fire): submit the pause or resume through the operation
/// queue as "schedule:&lt;id&gt;", like any other action. Each fire is claimed in the store first, so it runs once however
/// many portals see it. A refusal (busy environment, a rule) is audited by the queue with its reason and logged here; it
/// never becomes an exception for Hangfire, because the next fire is the retry.
/// </summary>
public sealed class ScheduledActionJob(
    IScheduleStore store,
    IScheduleFires fires,
    OperationQueue queue,
    IAuditLog audit,
    TimeProvider time,
    ILogger<ScheduledActionJob> logger)
{
    public static string Requester(string scheduleId) => $"schedule:{scheduleId}";

    /// <summary>What each recurring job calls; its name and arguments are stored with the recurring job, so they stay as they are.</summary>
    [JobDisplayName("Schedule {0}: {1}")]
    public Task FireAsync(string scheduleId, ScheduledAction action, CancellationToken cancellationToken) =>
        HandleAsync(scheduleId, action, catchUpFor: null, cancellationToken);

    /// <summary>The start-up policy's run of the missed fire at <paramref name="due"/>.</summary>
    [JobDisplayName("Schedule {0}: missed {1} of {2}")]
    public Task CatchUpAsync(string scheduleId, ScheduledAction action, DateTimeOffset due, CancellationToken cancellationToken) =>
        HandleAsync(scheduleId, action, due, cancellationToken);

    private async Task HandleAsync(string id, ScheduledAction action, DateTimeOffset? catchUpFor, CancellationToken cancellationToken)
    {
        var schedule = await store.GetAsync(id, cancellationToken);
        if (schedule is not { Enabled: true })
        {
            logger.LogWarning("Schedule {ScheduleId} fired but is {State} in the store; nothing submitted", id, schedule is null ? "gone" : "disabled");
            return;
        }
        var now = time.GetUtcNow();
        // Hangfire runs a recurring job at or just after its fire, never before: the fire it stands for is the latest one.
        var due = catchUpFor ?? ScheduleTimes.Read(schedule, now, out _)?.LatestAtOrBefore(action, now);
        if (due is null)
        {
            logger.LogWarning("Schedule {ScheduleId} fired but its {Action} cron no longer reads or has no fire before now; nothing submitted", id, action);
            return;
        }
        // A fire handled once (a late fire and a catch-up for it, two portals starting together) is never handled twice,
        // and a catch-up the schedule has moved past (the other action fired later) is dropped.
        if (!await fires.TryMarkHandledAsync(id, action, due.Value, unlessOtherLater: catchUpFor is not null, cancellationToken))
        {
            logger.LogInformation("Schedule {ScheduleId}: the {Action} due at {Due:u} was already handled or superseded; skipped", id, action, due);
            return;
        }

        var request = new OperationRequest(action == ScheduledAction.Pause ? OperationKind.Pause : OperationKind.Resume,
            schedule.Environment, Requester(id), Region: schedule.Region);
        try
        {
            var record = await queue.SubmitAsync(request, confirmEnvironment: null, cancellationToken);
            logger.LogInformation("Schedule {ScheduleId} {Kind}: {Description} queued as operation {OperationId}{CatchUp}",
                id, catchUpFor is null ? "fired" : "caught up", request.Describe(), record.Id, catchUpFor is null ? "" : $" (missed fire of {due:u})");
        }
        catch (Exception ex) when (ex is OperationValidationException or EnvironmentBusyException)
        {
            logger.LogWarning("Schedule {ScheduleId} could not {Description}: {Reason}", id, request.Describe(), ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Schedule {ScheduleId} could not {Description}", id, request.Describe());
            await audit.RecordAsync(new AuditEvent(time.GetUtcNow(), request.RequestedBy, OperationQueue.ActionOf(request.Kind), AuditOutcomes.Failed,
                null, schedule.Environment, $"{request.Describe()} not submitted: {ex.Message}"), CancellationToken.None);
        }
    }
}
