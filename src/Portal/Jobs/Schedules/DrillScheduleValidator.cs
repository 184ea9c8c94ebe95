using Cronos;
using Portal.Core.Operations;
using Portal.Core.Schedules;
using Portal.Topology;

namespace Portal.Jobs.Schedules;

/// <summary>
/// Every check of a drill schedule, errors keyed by field: the rules of a drill started by hand (environment, region, kind,
/// hold, confirmEnvironment), the time zone, and the cron as the job engine reads it (field "cron").
/// </summary>
public sealed class DrillScheduleValidator(TopologySource topology, TimeProvider time)
{
    public Dictionary<string, string[]> Validate(DrillScheduleDraft draft, out OperationRequest request, out CronExpression? cron)
    {
        var errors = DrillScheduleRules.Validate(draft, topology.Current, out request);
        // Without a valid zone the cron is still read (in UTC), so one submission shows every problem at once.
        var zone = IanaTimeZone.TryFind(draft.TimeZone, out var found, out _) ? found : TimeZoneInfo.Utc;
        if (!CronText.TryParse(draft.Cron, zone, time.GetUtcNow(), out cron, out var problem)) errors["cron"] = [problem];
        return errors;
    }
}
