using System.Security.Cryptography;
using Portal.Core.Audit;
using Portal.Core.Operations;
using Portal.Core.Schedules;

namespace Portal.Jobs.Schedules;

/// <summary>
/// Every change to a drill schedule: validated as a drill by hand plus its cron and zone (nothing saved when refused), written
/// to the store, Hangfire's recurring job brought in step, and audited with who, what and how it ended.
/// </summary>
public sealed class DrillScheduleService(
    IDrillScheduleStore store,
    IDrillScheduleRuns runs,
    DrillScheduleValidator validator,
    DrillScheduleJobs jobs,
    IAuditLog audit,
    TimeProvider time)
{
    /// <summary>Creates a drill schedule (<paramref name="id"/> null) or replaces one.</summary>
    public async Task<DrillSchedule> SaveAsync(string? id, DrillScheduleDraft draft, string actor, string? sourceAddress, CancellationToken ct = default)
    {
        var errors = validator.Validate(draft, out var request, out _);
        if (id is not null && await store.GetAsync(id, ct) is null) errors["id"] = ScheduleValidationException.NotFound(id).Errors["id"];
        if (errors.Count > 0)
        {
            var refused = new ScheduleValidationException(errors);
            await AuditAsync(actor, AuditActions.ScheduleSaved, AuditOutcomes.Refused, sourceAddress, id ?? draft.Environment, refused.Message, ct);
            throw refused;
        }

        IanaTimeZone.TryFind(draft.TimeZone, out var zone, out _);
        // The request holds the topology's spelling of the environment and region (canonicalised by the rules).
        var confirmed = string.IsNullOrWhiteSpace(draft.ConfirmEnvironment) ? null : actor;
        var schedule = new DrillSchedule(id ?? NewId(), request.Environment, request.Region!, request.DrillKind!.Value, request.Hold,
            draft.Cron!.Trim(), zone!.Id, draft.Enabled, time.GetUtcNow(), actor, confirmed);
        await store.SaveAsync(schedule, ct);
        await jobs.SyncAsync(schedule.Id, ct);
        await AuditAsync(actor, AuditActions.ScheduleSaved, AuditOutcomes.Succeeded, sourceAddress, schedule.Id, Describe(schedule), ct);
        return schedule;
    }

    /// <summary>Turns a drill schedule on or off; says so and changes nothing when it already is. Enabling checks it again.</summary>
    public async Task<string> SetEnabledAsync(string id, bool enabled, string actor, string? sourceAddress, CancellationToken ct = default)
    {
        var schedule = await store.GetAsync(id, ct) ?? throw ScheduleValidationException.NotFound(id);
        var state = enabled ? "enabled" : "disabled";
        if (schedule.Enabled == enabled) return $"Drill schedule {id} is already {state}; nothing changed.";
        if (enabled)
        {
            var errors = validator.Validate(DraftOf(schedule), out _, out _);
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
        return $"Drill schedule {id} {state}.";
    }

    public async Task<string> DeleteAsync(string id, string actor, string? sourceAddress, CancellationToken ct = default)
    {
        var schedule = await store.GetAsync(id, ct);
        if (schedule is null || !await store.DeleteAsync(id, ct)) return $"There is no drill schedule {id}; nothing was deleted.";
        await jobs.SyncAsync(id, ct);
        await runs.DeleteAsync(id, ct);
        await AuditAsync(actor, AuditActions.ScheduleDeleted, AuditOutcomes.Succeeded, sourceAddress, id, Describe(schedule), ct);
        return $"Drill schedule {id} deleted.";
    }

    public static string Describe(DrillSchedule s) =>
        new OperationRequest(OperationKind.Drill, s.Environment, s.UpdatedBy, Region: s.Region, DrillKind: s.Kind, Hold: s.Hold).Describe() +
        $" on '{s.Cron}' in {s.TimeZone}, {(s.Enabled ? "enabled" : "disabled")}";

    // A stored schedule checked again as it was saved: a protected environment's confirmation stands as given then.
    private static DrillScheduleDraft DraftOf(DrillSchedule s) => new(s.Environment, s.Region, DrillScheduleRules.KindText(s.Kind),
        s.Hold is { } hold ? hold.ToString(@"hh\:mm\:ss") : null, s.Cron, s.TimeZone, true, s.ConfirmedBy is null ? null : s.Environment);

    // Short and unguessable enough for a URL; the recurring job's id is derived from it.
    private static string NewId() => "d-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5));

    private ValueTask AuditAsync(string actor, string action, string outcome, string? source, string? target, string detail, CancellationToken ct) =>
        audit.RecordAsync(new AuditEvent(time.GetUtcNow(), actor, action, outcome, source, target, detail), ct);
}
