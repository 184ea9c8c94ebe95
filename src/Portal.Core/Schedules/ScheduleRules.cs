using Portal.Core.Text;
using Portal.Core.Topology;

namespace Portal.Core.Schedules;

/// <summary>A schedule as typed into the form, before it is checked; the crons are read in the job engine's dialect (Cronos, as Hangfire fires them).</summary>
public sealed record ScheduleDraft(string? Environment, string? Region, string? PauseCron, string? ResumeCron, string? TimeZone, bool Enabled);

/// <summary>
/// The checks of a schedule that need no cron reader: where it acts and in which time zone. Errors are keyed by the
/// form's field names (environment, region, timeZone), each saying what is allowed.
/// </summary>
public static class ScheduleRules
{
    public static Dictionary<string, string[]> Validate(ScheduleDraft draft, PortalTopology topology)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var known = string.Join(", ", topology.Environments.Where(e => !e.Protected).Select(e => e.Name));
        var env = string.IsNullOrWhiteSpace(draft.Environment) ? null : topology.Find(draft.Environment.Trim());
        if (string.IsNullOrWhiteSpace(draft.Environment))
            errors["environment"] = [$"Choose an environment: {known}."];
        else if (env is null)
            errors["environment"] = [$"Unknown environment {UntrustedText.Quote(draft.Environment.Trim())}. Schedules can act on: {known}."];
        else if (env.Protected)
            errors["environment"] = [$"{env.Name} is protected: a protected environment is never paused by a schedule. Pause it by hand, naming it."];

        if (env is not null && !string.IsNullOrWhiteSpace(draft.Region) && env.FindRegion(draft.Region.Trim()) is null)
            errors["region"] = [$"{UntrustedText.Quote(draft.Region.Trim())} is not a region of {env.Name}: use one of " +
                $"{string.Join(", ", env.Regions.Select(r => r.Region))}, or leave it empty for every region."];

        if (!IanaTimeZone.TryFind(draft.TimeZone, out _, out var zoneProblem)) errors["timeZone"] = [zoneProblem];
        return errors;
    }
}
