using Portal.Core.Schedules;
using Portal.Topology;

namespace Portal.Jobs.Schedules;

/// <summary>
/// Every check of a schedule, errors keyed by field (environment, region, pauseCron, resumeCron, timeZone): Core's rules
/// for where and in which zone, Cronos's reading of the crons (Hangfire's dialect), and the two crons never firing together.
/// </summary>
public sealed class ScheduleValidator(TopologySource topology, TimeProvider time)
{
    public Dictionary<string, string[]> Validate(ScheduleDraft draft)
    {
        var errors = ScheduleRules.Validate(draft, topology.Current);
        var now = time.GetUtcNow();
        // Without a valid zone the crons are still read (in UTC), so one submission shows every problem at once.
        var zone = IanaTimeZone.TryFind(draft.TimeZone, out var found, out _) ? found : TimeZoneInfo.Utc;
        var pauseOk = CronText.TryParse(draft.PauseCron, zone, now, out var pause, out var pauseProblem);
        if (!pauseOk) errors["pauseCron"] = [pauseProblem!];
        if (!CronText.TryParse(draft.ResumeCron, zone, now, out var resume, out var resumeProblem)) errors["resumeCron"] = [resumeProblem];
        else if (pauseOk && pause!.Equals(resume))
            errors["resumeCron"] = ["The resume cron fires exactly when the pause cron does; give them different times."];
        return errors;
    }
}
