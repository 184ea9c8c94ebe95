using System.Globalization;
using Portal.Core.Schedules;
using Quartz;

namespace Portal.Jobs.Schedules;

/// <summary>
/// What a schedule's Quartz job carries: its schedule id, and per action the scheduled time of the latest fire handled.
/// That record lives with the job (persisted after each run, runs serialized), so every portal of a cluster sees it,
/// and it is what tells a missed fire from one that ran. Triggers carry the action; a catch-up run also the fire it stands for.
/// </summary>
public static class ScheduleJobData
{
    public const string ScheduleId = "scheduleId";
    public const string Action = "action";
    public const string CatchUpFor = "catchUpFor";

    private static string LastHandledKey(ScheduledAction action) => action == ScheduledAction.Pause ? "lastPauseHandled" : "lastResumeHandled";

    public static DateTimeOffset? LastHandled(JobDataMap data, ScheduledAction action) => Time(data, LastHandledKey(action));

    public static void MarkHandled(JobDataMap data, ScheduledAction action, DateTimeOffset scheduledAt) =>
        data[LastHandledKey(action)] = scheduledAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    /// <summary>A job rebuilt for an edited schedule keeps what the old one handled.</summary>
    public static void CarryOver(JobDataMap from, JobDataMap to)
    {
        foreach (var action in Enum.GetValues<ScheduledAction>())
            if (LastHandled(from, action) is { } at) MarkHandled(to, action, at);
    }

    public static ScheduledAction? ActionOf(JobDataMap data) =>
        Enum.TryParse<ScheduledAction>(data.GetString(Action), out var action) ? action : null;

    public static DateTimeOffset? CatchUpOf(JobDataMap data) => Time(data, CatchUpFor);

    public static JobDataMap ForCatchUp(ScheduledAction action, DateTimeOffset scheduledAt) => new()
    {
        [Action] = action.ToString(),
        [CatchUpFor] = scheduledAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
    };

    private static DateTimeOffset? Time(JobDataMap data, string key) =>
        DateTimeOffset.TryParse(data.GetString(key), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : null;
}
