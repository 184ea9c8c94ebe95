using Portal.Core.Schedules;

namespace Portal.Jobs.Schedules;

/// <summary>Section Portal:Schedules.</summary>
public sealed class ScheduleOptions
{
    public const string Section = "Portal:Schedules";

    /// <summary>At start-up, the latest fire missed while the portal was down runs once if it is no older than this (see <see
    /// cref="MissedFirePolicy"/>).</summary>
    public TimeSpan MissedFireWindow { get; set; } = MissedFirePolicy.DefaultWindow;

    /// <summary>Local mode only: seed the demo's night schedule for staging when there is no schedule at all.</summary>
    public bool SeedLocalDemo { get; set; } = true;

    public IEnumerable<string> Problems()
    {
        if (MissedFireWindow < TimeSpan.Zero || MissedFireWindow > TimeSpan.FromDays(7))
            yield return $"{Section}:MissedFireWindow must be between 00:00:00 and 7.00:00:00 (got {MissedFireWindow}).";
    }
}
