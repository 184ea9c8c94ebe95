using Hangfire;
using Portal.Core.Audit;
using Portal.Core.Operations;
using Portal.Core.Schedules;

namespace Portal.Jobs.Schedules;

/// <summary>
/// A drill schedule's cron fired: claim the fire in the store (once across every portal), then submit the drill through
/// the operation queue as "drill-schedule:&lt;id&gt;", like a drill by hand, so the queue audits it under the schedule's
/// name and refuses it for the same reasons. The outcome, with the drill's operation (and so its report), is recorded
/// against the fire. A refusal never becomes an exception for Hangfire: a drill is not retried later.
/// </summary>
public sealed class DrillScheduleJob(
    IDrillScheduleStore store,
    IDrillScheduleRuns runs,
    OperationQueue queue,
    IAuditLog audit,
    TimeProvider time,
    ILogger<DrillScheduleJob> logger)
{
    public static string Requester(string scheduleId) => DrillScheduleJobs.Prefix + scheduleId;

    /// <summary>What the recurring job calls; its name and arguments are stored with the recurring job, so they stay as they are.</summary>
    [JobDisplayName("Drill schedule {0}")]
    public async Task FireAsync(string scheduleId, CancellationToken cancellationToken)
    {
        var schedule = await store.GetAsync(scheduleId, cancellationToken);
        if (schedule is not { Enabled: true })
        {
            logger.LogWarning("Drill schedule {ScheduleId} fired but is {State} in the store; nothing submitted",
                scheduleId, schedule is null ? "gone" : "disabled");
            return;
        }
        var now = time.GetUtcNow();
        // Hangfire runs a recurring job at or just after its fire, never before: the fire it stands for is the latest one.
        if (DrillScheduleTimes.Read(schedule, now, out var problem)?.LatestAtOrBefore(now) is not { } due)
        {
            logger.LogWarning("Drill schedule {ScheduleId} fired but has no fire before now ({Problem}); nothing submitted", scheduleId, problem ?? "none due");
            return;
        }
        if (!await runs.TryRecordAsync(new DrillScheduleRun(scheduleId, due, now, DrillRunOutcome.Claimed, null, "claimed"), cancellationToken))
        {
            logger.LogInformation("Drill schedule {ScheduleId}: the fire due at {Due:u} is already recorded; skipped", scheduleId, due);
            return;
        }

        var request = new OperationRequest(OperationKind.Drill, schedule.Environment, Requester(scheduleId),
            Region: schedule.Region, DrillKind: schedule.Kind, Hold: schedule.Hold);
        try
        {
            // A protected environment's name was typed when the schedule was saved; that confirmation stands for each fire.
            var record = await queue.SubmitAsync(request, schedule.ConfirmedBy is null ? null : schedule.Environment, cancellationToken);
            await runs.UpdateAsync(scheduleId, due, DrillRunOutcome.Queued, record.Id, request.Describe(), CancellationToken.None);
            logger.LogInformation("Drill schedule {ScheduleId} fired: {Description} queued as operation {OperationId}",
                scheduleId, request.Describe(), record.Id);
        }
        catch (Exception ex) when (ex is OperationValidationException or EnvironmentBusyException)
        {
            await runs.UpdateAsync(scheduleId, due, DrillRunOutcome.Refused, null, ex.Message, CancellationToken.None);
            logger.LogWarning("Drill schedule {ScheduleId} could not {Description}: {Reason}", scheduleId, request.Describe(), ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await runs.UpdateAsync(scheduleId, due, DrillRunOutcome.Refused, null, $"not submitted: {ex.Message}", CancellationToken.None);
            logger.LogError(ex, "Drill schedule {ScheduleId} could not {Description}", scheduleId, request.Describe());
            await audit.RecordAsync(new AuditEvent(time.GetUtcNow(), request.RequestedBy, AuditActions.Drill, AuditOutcomes.Failed,
                null, schedule.Environment, $"{request.Describe()} not submitted: {ex.Message}"), CancellationToken.None);
        }
    }
}
