using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Portal.Api;
using Portal.Core.Operations;
using Portal.Core.Schedules;
using Portal.Jobs;
using Portal.Jobs.Schedules;

namespace Portal.Pages.Schedules;

/// <summary>The pause/resume schedules (next fires, what each saves) and the drill schedules (next fires, last runs), with operators' actions.</summary>
public sealed class IndexModel(
    ScheduleOverview overview, ScheduleService schedules, DrillScheduleOverview drillOverview, DrillScheduleService drills, IOptions<ScheduleOptions> options)
    : PageModel
{
    public TimeSpan MissedFireWindow => options.Value.MissedFireWindow;

    public IReadOnlyList<ScheduleView> Schedules { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    [TempData]
    public string? Error { get; set; }

    public IReadOnlyList<DrillScheduleView> DrillSchedules { get; private set; } = [];

    public async Task OnGetAsync()
    {
        Schedules = await overview.ListAsync(HttpContext.RequestAborted);
        DrillSchedules = await drillOverview.ListAsync(HttpContext.RequestAborted);
    }

    public Task<IActionResult> OnPostEnableDrillAsync(string id) => ActAsync(() => drills.SetEnabledAsync(id, true, Actor, Address));

    public Task<IActionResult> OnPostDisableDrillAsync(string id) => ActAsync(() => drills.SetEnabledAsync(id, false, Actor, Address));

    public Task<IActionResult> OnPostDeleteDrillAsync(string id) => ActAsync(() => drills.DeleteAsync(id, Actor, Address));

    public Task<IActionResult> OnPostEnableAsync(string id) => ActAsync(() => schedules.SetEnabledAsync(id, true, Actor, Address));

    public Task<IActionResult> OnPostDisableAsync(string id) => ActAsync(() => schedules.SetEnabledAsync(id, false, Actor, Address));

    public Task<IActionResult> OnPostDeleteAsync(string id) => ActAsync(() => schedules.DeleteAsync(id, Actor, Address));

    public Task<IActionResult> OnPostPauseNowAsync(string id) => RunNowAsync(id, ScheduledAction.Pause);

    public Task<IActionResult> OnPostResumeNowAsync(string id) => RunNowAsync(id, ScheduledAction.Resume);

    private Task<IActionResult> RunNowAsync(string id, ScheduledAction action) => ActAsync(async () =>
    {
        var record = await schedules.RunNowAsync(id, action, Actor, Address);
        return $"Queued: {record.Request.Describe()} (operation {record.Id}).";
    });

    // Post-Redirect-Get: the outcome rides in TempData to the list, so a reload never repeats the action.
    private async Task<IActionResult> ActAsync(Func<Task<string>> action)
    {
        try
        {
            Message = await action();
        }
        catch (ScheduleValidationException ex)
        {
            Error = string.Join(" ", ex.Errors.SelectMany(e => e.Value));
        }
        catch (OperationValidationException ex)
        {
            Error = "Refused: " + string.Join(" ", ex.Errors.SelectMany(e => e.Value));
        }
        catch (EnvironmentBusyException ex)
        {
            Error = "Refused: " + ex.Message;
        }
        return RedirectToPage();
    }

    private string Actor => JobsApi.User(HttpContext);

    private string? Address => JobsApi.Address(HttpContext);

    /// <summary>"Mon 9 Mar 20:00 (−04:00)": the wall clock in the schedule's zone, with that zone's offset then.</summary>
    public static string InZone(DateTimeOffset at, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone);
        var offset = local.Offset;
        return local.ToString(Pattern(local), CultureInfo.InvariantCulture) + $" ({(offset < TimeSpan.Zero ? "−" : "+")}{offset.Duration():hh\\:mm})";
    }

    public static string InUtc(DateTimeOffset at) => at.UtcDateTime.ToString(Pattern(at), CultureInfo.InvariantCulture) + " UTC";

    // Seconds only for crons that name them.
    private static string Pattern(DateTimeOffset at) => at.Second == 0 ? "ddd d MMM HH:mm" : "ddd d MMM HH:mm:ss";
}
