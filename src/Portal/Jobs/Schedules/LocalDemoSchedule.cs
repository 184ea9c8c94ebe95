using Microsoft.Extensions.Options;
using Portal.Core.Schedules;
using Portal.LocalMode;

namespace Portal.Jobs.Schedules;

/// <summary>The local demo's staging schedule: paused on weekday nights in New York, as the reference design's staging is.</summary>
public sealed class LocalDemoSchedule(
    IScheduleStore store,
    ScheduleService schedules,
    PortalModeInfo mode,
    IOptions<ScheduleOptions> options,
    ILogger<LocalDemoSchedule> logger)
{
    public const string Actor = "local-seed";
    public static readonly ScheduleDraft Draft = new("staging", null, "0 20 * * 1-5", "0 8 * * 1-5", "America/New_York", true);

    /// <summary>Local mode, and a store with no schedule at all (so deleting every schedule brings this one back at the next start).</summary>
    public async Task SeedIfEmptyAsync(CancellationToken ct)
    {
        if (!mode.IsLocal || !options.Value.SeedLocalDemo || (await store.ListAsync(ct)).Count > 0) return;
        var seeded = await schedules.SaveAsync(null, Draft, Actor, null, ct);
        logger.LogInformation("Local mode: seeded schedule {ScheduleId}: {Description}", seeded.Id, ScheduleService.Describe(seeded));
    }
}
