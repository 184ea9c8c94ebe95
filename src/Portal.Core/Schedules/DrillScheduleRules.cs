using System.Globalization;
using Portal.Core.Drills;
using Portal.Core.Operations;
using Portal.Core.Text;
using Portal.Core.Topology;

namespace Portal.Core.Schedules;

/// <summary>A drill schedule as typed into the form or the API, before it is checked.</summary>
/// <param name="Kind">"evacuate" or "healthcheck", as the drills API spells them.</param>
/// <param name="Hold">hh:mm:ss, or empty for the drill settings' default.</param>
/// <param name="ConfirmEnvironment">A protected environment's name, typed as for a drill by hand.</param>
public sealed record DrillScheduleDraft(
    string? Environment, string? Region, string? Kind, string? Hold, string? Cron, string? TimeZone, bool Enabled, string? ConfirmEnvironment = null);

/// <summary>
/// The checks of a drill schedule that need no cron reader. The drill itself is checked by <see cref="OperationRules"/>,
/// the rules of a drill started by hand (so both answer alike, field by field), plus the schedule's time zone.
/// </summary>
public static class DrillScheduleRules
{
    public static string KindText(DrillKind kind) => kind == DrillKind.HealthCheck ? "healthcheck" : "evacuate";

    /// <summary>The errors by field (environment, region, kind, hold, confirmEnvironment, timeZone) and the drill as it would be requested.</summary>
    public static Dictionary<string, string[]> Validate(DrillScheduleDraft draft, PortalTopology topology, out OperationRequest request)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var kind = draft.Kind?.Trim() switch
        {
            "evacuate" => DrillKind.Evacuate,
            "healthcheck" => DrillKind.HealthCheck,
            _ => (DrillKind?)null,
        };
        if (kind is null && !string.IsNullOrWhiteSpace(draft.Kind))
            errors["kind"] = [$"{UntrustedText.Quote(draft.Kind.Trim())} is not a drill kind: use \"evacuate\" or \"healthcheck\"."];

        TimeSpan? hold = null;
        if (!string.IsNullOrWhiteSpace(draft.Hold))
        {
            if (TimeSpan.TryParseExact(draft.Hold.Trim(), @"hh\:mm\:ss", CultureInfo.InvariantCulture, out var parsed)) hold = parsed;
            else errors["hold"] = [$"{UntrustedText.Quote(draft.Hold.Trim())} is not a duration: use hh:mm:ss, e.g. \"00:05:00\"."];
        }

        var region = string.IsNullOrWhiteSpace(draft.Region) ? null : draft.Region.Trim();
        request = RequestNames.Canonical(
            new OperationRequest(OperationKind.Drill, draft.Environment?.Trim() ?? "", "drill-schedule", Region: region, DrillKind: kind, Hold: hold),
            topology);
        foreach (var (field, messages) in OperationRules.Validate(request, topology, draft.ConfirmEnvironment))
        {
            // The kind and hold read above already said what is wrong with them.
            if (!errors.ContainsKey(field)) errors[field] = messages;
        }
        if (!IanaTimeZone.TryFind(draft.TimeZone, out _, out var zoneProblem)) errors["timeZone"] = [zoneProblem];
        return errors;
    }
}
