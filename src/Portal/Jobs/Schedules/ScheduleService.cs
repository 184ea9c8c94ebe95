using System.Security.Cryptography;
using Portal.Core.Audit;
using Portal.Core.Operations;
using Portal.Core.Schedules;
using Portal.Topology;

namespace Portal.Jobs.Schedules;

/// <summary>
/// Every change to a schedule: validated (nothing saved when refused), written to the store, Hangfire's recurring jobs brought in step, and
/// audited with who, what and how it ended. "Run now" submits the pause or resume through the operation queue at once.
/// </summary>
public sealed class ScheduleService(
    IScheduleStore store,
    ScheduleValidator validator,
    ScheduleJobs jobs,
    OperationQueue queue,
    TopologySource topology,
    IAuditLog audit,
    TimeProvider time)
{
    /// <summary>Creates a schedule (<paramref name="id"/> null) or replaces one.</summary>
    public async Task<PauseSchedule> SaveAsync(string? id, ScheduleDraft draft, string actor, string? sourceAddress, CancellationToken ct = default)
    {
        var errors = validator.Validate(draft);
        if (id is not null && await store.GetAsync(id, ct) is null) errors["id"] = ScheduleValidationException.NotFound(id).Errors["id"];
        if (errors.Count > 0)
        {
            var refused = new ScheduleValidationException(errors);
            await AuditAsync(actor, AuditActions.ScheduleSaved, AuditOutcomes.Refused, sourceAddress, id ?? draft.Environment, refused.Message, ct);
            throw refused;
        }

        IanaTimeZone.TryFind(draft.TimeZone, out var zone, out _);
        // Stored in the topology's spelling, as every operation is, so the schedule's pause takes the environment's one lock.
        var env = topology.Current.Find(draft.Environment!.Trim())!;
        var schedule = new PauseSchedule(
            id ?? NewId(),
            env.Name,
            string.IsNullOrWhiteSpace(draft.Region) ? null : env.FindRegion(draft.Region.Trim())!.Region,
            draft.PauseCron!.Trim(),
            draft.ResumeCron!.Trim(),
            zone!.Id,
            draft.Enabled,
            time.GetUtcNow(),
            actor);
        await store.SaveAsync(schedule, ct);
        await jobs.SyncAsync(schedule.Id, ct);
        await AuditAsync(actor, AuditActions.ScheduleSaved, AuditOutcomes.Succeeded, sourceAddress, schedule.Id, Describe(schedule), ct);
        return schedule;
    }

    /// <summary>Turns a schedule on or off; says so and changes nothing when it already is. Enabling checks it again.</summary>
    public async Task<string> SetEnabledAsync(string id, bool enabled, string actor, string? sourceAddress, CancellationToken ct = default)
    {
        var schedule = await store.GetAsync(id, ct) ?? throw ScheduleValidationException.NotFound(id);
        var state = enabled ? "enabled" : "disabled";
        if (schedule.Enabled == enabled) return $"Schedule {id} is already {state}; nothing changed.";
        if (enabled)
        {
            var errors = validator.Validate(new ScheduleDraft(schedule.Environment, schedule.Region, schedule.PauseCron, schedule.ResumeCron, schedule.TimeZone,
                true));
            if (errors.Count > 0)
            {
                var refused = new ScheduleValidationException(errors);
                await AuditAsync(actor, AuditActions.ScheduleSaved, AuditOutcomes.Refused, sourceAddress, id, "enable: " + refused.Message, ct);
                throw refused;
            }
        }
        var changed = schedule with { Enabled = enabled, UpdatedAt = time.GetUtcNow(), UpdatedBy = actor };
        await store.SaveAsync(changed, ct);
        await jobs.SyncAsync(id, ct);
        await AuditAsync(actor, AuditActions.ScheduleSaved, AuditOutcomes.Succeeded, sourceAddress, id, $"{state}: {Describe(changed)}", ct);
        return $"Schedule {id} {state}.";
    }

    public async Task<string> DeleteAsync(string id, string actor, string? sourceAddress, CancellationToken ct = default)
    {
        var schedule = await store.GetAsync(id, ct);
        if (schedule is null || !await store.DeleteAsync(id, ct)) return $"There is no schedule {id}; nothing was deleted.";
        await jobs.SyncAsync(id, ct);
        await AuditAsync(actor, AuditActions.ScheduleDeleted, AuditOutcomes.Succeeded, sourceAddress, id, Describe(schedule), ct);
        return $"Schedule {id} deleted.";
    }

    /// <summary>
    /// Pauses or resumes the schedule's environment (or region) now, as <paramref name="actor"/>. Throws what the queue
    /// throws when it refuses (<see cref="OperationValidationException"/>, <see cref="EnvironmentBusyException"/>), audited.
    /// </summary>
    public async Task<OperationRecord> RunNowAsync(string id, ScheduledAction action, string actor, string? sourceAddress, CancellationToken ct = default)
    {
        var schedule = await store.GetAsync(id, ct) ?? throw ScheduleValidationException.NotFound(id);
        var request = new OperationRequest(action == ScheduledAction.Pause ? OperationKind.Pause : OperationKind.Resume,
            schedule.Environment, actor, sourceAddress, Region: schedule.Region);
        try
        {
            var record = await queue.SubmitAsync(request, confirmEnvironment: null, ct);
            await AuditAsync(actor, AuditActions.ScheduleRunNow, AuditOutcomes.Queued, sourceAddress, id, $"{request.Describe()}: operation {record.Id}", ct);
            return record;
        }
        catch (Exception ex) when (ex is OperationValidationException or EnvironmentBusyException)
        {
            await AuditAsync(actor, AuditActions.ScheduleRunNow, AuditOutcomes.Refused, sourceAddress, id, $"{request.Describe()}: {ex.Message}", ct);
            throw;
        }
    }

    public static string Describe(PauseSchedule s) =>
        $"{s.Environment} ({s.Region ?? "every region"}): pause '{s.PauseCron}', resume '{s.ResumeCron}' in {s.TimeZone}, " +
            $"{(s.Enabled ? "enabled" : "disabled")}";

    // Short and unguessable enough for a URL; the store keys by it and the recurring jobs' ids are derived from it.
    private static string NewId() => "s-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5));

    private ValueTask AuditAsync(string actor, string action, string outcome, string? source, string? target, string detail, CancellationToken ct) =>
        audit.RecordAsync(new AuditEvent(time.GetUtcNow(), actor, action, outcome, source, target, detail), ct);
}
