using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Core.Drills;
using Portal.Core.Operations;

namespace Portal.Pages.Drills;

/// <summary>One drill's report: verdict, objectives, measured figures and timeline, with Markdown and JSON downloads.</summary>
public sealed class ReportModel(IOperationStore store) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    public OperationRecord? Job { get; private set; }

    public DrillReport? Report { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        Job = await store.GetAsync(Id, HttpContext.RequestAborted);
        if (Job is not { Kind: OperationKind.Drill }) { Job = null; Response.StatusCode = StatusCodes.Status404NotFound; return Page(); }
        Report = DrillReport.FromSteps(Job.Steps);
        return Page();
    }
}
