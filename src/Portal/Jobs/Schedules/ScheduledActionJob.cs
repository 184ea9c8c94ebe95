using Portal.Core.Audit;
using Portal.Core.Operations;
using Portal.Core.Schedules;
using Quartz;

namespace Portal.Jobs.Schedules;

/// <summary>
/// A schedule's cron fired (or the start-up policy runs a missed fire): submit the pause or resume through the operation
/// queue as "schedule:&lt;id&gt;", like any other action. A refusal (busy environment, a rule) is audited by the queue with
/// its reason and logged here; it never becomes an exception for Quartz to retry, because the next fire is the retry.
/// </summary>
public sealed class ScheduledActionJob(
    IScheduleStore store,
    OperationQueue queue,
    IAuditLog audit,
    TimeProvider time,
    ILogger<ScheduledActionJob> logger) : IJob
{
    public static string Requester(string scheduleId) => $"schedule:{scheduleId}";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var merged = context.MergedJobDataMap;
        var jobData = context.JobDetail.JobDataMap;
        var id = merged.GetString(ScheduleJobData.ScheduleId);
        if (id is null || ScheduleJobData.ActionOf(merged) is not { } action)
        {
            logger.LogError("Schedule job {JobKey} fired without a schedule id or action; ignored", context.JobDetail.Key);
            return;
        }
        var catchUp = ScheduleJobData.CatchUpOf(merged);
        var due = catchUp ?? context.ScheduledFireTimeUtc ?? context.FireTimeUtc;
        var other = action == ScheduledAction.Pause ? ScheduledAction.Resume : ScheduledAction.Pause;
        // Runs of this job are serialized cluster-wide, so these checks see every earlier run: a fire handled once
        // (a late cron fire and a catch-up for it, or two portals starting together) is never handled twice.
        if (ScheduleJobData.LastHandled(jobData, action) >= due || (catchUp is not null && ScheduleJobData.LastHandled(jobData, other) > due))
        {
            logger.LogInformation("Schedule {ScheduleId}: the {Action} due at {Due:u} was already handled or superseded; skipped", id, action, due);
            return;
        }
        ScheduleJobData.MarkHandled(jobData, action, due);

        var schedule = await store.GetAsync(id, cancellationToken);
        if (schedule is not { Enabled: true })
        {
            logger.LogWarning("Schedule {ScheduleId} fired but is {State} in the store; nothing submitted", id, schedule is null ? "gone" : "disabled");
            return;
        }
        var request = new OperationRequest(action == ScheduledAction.Pause ? OperationKind.Pause : OperationKind.Resume,
            schedule.Environment, Requester(id), Region: schedule.Region);
        try
        {
            var record = await queue.SubmitAsync(request, confirmEnvironment: null, cancellationToken);
            logger.LogInformation("Schedule {ScheduleId} {Kind}: {Description} queued as operation {OperationId}{CatchUp}",
                id, catchUp is null ? "fired" : "caught up", request.Describe(), record.Id, catchUp is null ? "" : $" (missed fire of {due:u})");
        }
        catch (OperationValidationException ex)
        {
            logger.LogWarning("Schedule {ScheduleId} could not {Description}: {Reason}", id, request.Describe(), ex.Message);
        }
        catch (EnvironmentBusyException ex)
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
