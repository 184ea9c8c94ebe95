using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Api;
using Portal.Core.Schedules;
using Portal.Core.Topology;
using Portal.Jobs.Schedules;
using Portal.Topology;

namespace Portal.Pages.Schedules;

/// <summary>Adds a drill schedule; the service checks it as a drill by hand plus its cron and zone, and saves nothing when a field is wrong.</summary>
public sealed class DrillModel(DrillScheduleService schedules, TopologySource topology) : PageModel
{
    public sealed class InputModel
    {
        public string? Environment { get; set; }

        public string? Region { get; set; }

        [Display(Name = "Drill")]
        public string? Kind { get; set; } = "evacuate";

        [Display(Name = "Hold (hh:mm:ss)")]
        public string? Hold { get; set; }

        [Display(Name = "Cron")]
        public string? Cron { get; set; }

        [Display(Name = "Time zone")]
        public string? TimeZone { get; set; }

        public bool Enabled { get; set; } = true;

        [Display(Name = "Confirm a protected environment by typing its name")]
        public string? ConfirmEnvironment { get; set; }

        public DrillScheduleDraft ToDraft() => new(Environment, Region, Kind, Hold, Cron, TimeZone, Enabled, ConfirmEnvironment);
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public IReadOnlyList<EnvironmentTopology> Environments => topology.Current.Environments;

    public void OnGet() => Input.Environment = Environments.FirstOrDefault(e => !e.Protected)?.Name;

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            // The checkbox helper would parse an attempted "maybe" again and throw; the error stays, the value goes.
            foreach (var key in ModelState.Where(e => e.Value?.Errors.Count > 0).Select(e => e.Key).ToList()) ModelState.SetModelValue(key, null, null);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        try
        {
            var saved = await schedules.SaveAsync(null, Input.ToDraft(), JobsApi.User(HttpContext), JobsApi.Address(HttpContext), HttpContext.RequestAborted);
            TempData["Message"] = $"Drill schedule {saved.Id} saved: {DrillScheduleService.Describe(saved)}.";
            return RedirectToPage("/Schedules/Index");
        }
        catch (ScheduleValidationException ex)
        {
            // The service's field names (timeZone) are the form's inputs (Input.TimeZone).
            foreach (var (field, messages) in ex.Errors)
                foreach (var message in messages)
                    ModelState.AddModelError($"{nameof(Input)}.{char.ToUpperInvariant(field[0])}{field[1..]}", message);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
    }
}
