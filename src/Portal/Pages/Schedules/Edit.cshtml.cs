using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Api;
using Portal.Core.Schedules;
using Portal.Core.Topology;
using Portal.Jobs.Schedules;
using Portal.Topology;

namespace Portal.Pages.Schedules;

/// <summary>Creates a schedule (no id) or edits one; the service checks every field and saves nothing when one is wrong.</summary>
public sealed class EditModel(ScheduleService schedules, IScheduleStore store, TopologySource topology) : PageModel
{
    public sealed class InputModel
    {
        public string? Environment { get; set; }

        [Display(Name = "Region")]
        public string? Region { get; set; }

        [Display(Name = "Pause cron")]
        public string? PauseCron { get; set; }

        [Display(Name = "Resume cron")]
        public string? ResumeCron { get; set; }

        [Display(Name = "Time zone")]
        public string? TimeZone { get; set; }

        public bool Enabled { get; set; } = true;

        public ScheduleDraft ToDraft() => new(Environment, Region, PauseCron, ResumeCron, TimeZone, Enabled);
    }

    [BindProperty(SupportsGet = true)]
    public string? Id { get; set; }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public IReadOnlyList<EnvironmentTopology> Environments => topology.Current.Environments;

    /// <summary>IANA ids this machine knows, offered as suggestions for the time zone field.</summary>
    public static IReadOnlyList<string> ZoneIds { get; } = [.. TimeZoneInfo.GetSystemTimeZones().Where(z => z.HasIanaId).Select(z => z.Id)
        .Order(StringComparer.Ordinal)];

    public async Task<IActionResult> OnGetAsync()
    {
        if (Id is null)
        {
            Input.Environment = Environments.FirstOrDefault(e => !e.Protected)?.Name;
            return Page();
        }
        if (await store.GetAsync(Id, HttpContext.RequestAborted) is not { } s) return NotFound();
        Input = new InputModel
        {
            Environment = s.Environment, Region = s.Region, PauseCron = s.PauseCron, ResumeCron = s.ResumeCron, TimeZone = s.TimeZone, Enabled = s.Enabled,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        // "Enabled=maybe" is refused at its field, not read as false; nothing is saved.
        if (!ModelState.IsValid)
        {
            // The checkbox helper would parse the attempted "maybe" again and throw; the error stays, the value goes.
            foreach (var key in ModelState.Where(e => e.Value?.Errors.Count > 0).Select(e => e.Key).ToList()) ModelState.SetModelValue(key, null, null);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        try
        {
            var saved = await schedules.SaveAsync(Id, Input.ToDraft(), JobsApi.User(HttpContext), JobsApi.Address(HttpContext), HttpContext.RequestAborted);
            TempData["Message"] = $"Schedule {saved.Id} saved: {ScheduleService.Describe(saved)}.";
            return RedirectToPage("/Schedules/Index");
        }
        catch (ScheduleValidationException ex)
        {
            // The service's field names (pauseCron) are the form's inputs (Input.PauseCron); "id" is the page's own problem.
            foreach (var (field, messages) in ex.Errors)
                foreach (var message in messages)
                    ModelState.AddModelError(field == "id" ? "" : $"{nameof(Input)}.{char.ToUpperInvariant(field[0])}{field[1..]}", message);
            return Page();
        }
    }
}
