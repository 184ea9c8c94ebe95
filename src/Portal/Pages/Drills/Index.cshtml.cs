using Microsoft.AspNetCore.Mvc;
using Portal.Core.Drills;
using Portal.Core.Operations;
using Portal.Jobs;
using Portal.Pages.Shared;
using Portal.Topology;

namespace Portal.Pages.Drills;

/// <summary>Failover drills: start one (evacuate a region, or invert its health check) and read each one's report.</summary>
public sealed class IndexModel(OperationQueue queue, IOperationStore store, TopologySource topology, DrillSettings settings) : ActionPageModel(queue)
{
    public sealed class DrillInput
    {
        public string? Environment { get; set; }

        public DrillKind Kind { get; set; } = DrillKind.Evacuate;

        public string? Region { get; set; }

        public string? Hold { get; set; }

        public string? ConfirmEnvironment { get; set; }
    }

    /// <summary>A past or running drill and, once it ended, its report.</summary>
    public sealed record DrillRow(OperationRecord Job, DrillReport? Report);

    [BindProperty]
    public DrillInput Input { get; set; } = new();

    public IReadOnlyList<DrillRow> Drills { get; private set; } = [];

    public IReadOnlyList<Core.Topology.EnvironmentTopology> Environments => topology.Current.Environments;

    public DrillSettings Settings => settings;

    public Task<IActionResult> OnGetAsync() => ShowAsync();

    public Task<IActionResult> OnPostAsync()
    {
        TimeSpan? hold = null;
        if (!string.IsNullOrWhiteSpace(Input.Hold))
        {
            if (TimeSpan.TryParseExact(Input.Hold.Trim(), @"hh\:mm\:ss", System.Globalization.CultureInfo.InvariantCulture, out var parsed)) hold = parsed;
            else
            {
                ModelState.AddModelError("hold", $"{Portal.Core.Text.UntrustedText.Quote(Input.Hold)} is not a duration: use hh:mm:ss, e.g. 00:05:00.");
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return ShowAsync();
            }
        }
        return QueueAsync(ct => Queue.SubmitAsync(NewRequest(OperationKind.Drill, Input.Environment ?? "") with
        {
            DrillKind = Input.Kind,
            Region = Input.Region,
            Hold = hold,
        }, Input.ConfirmEnvironment, ct));
    }

    protected override async Task<IActionResult> ShowAsync()
    {
        var page = await store.ListAsync(new OperationQuery(Kind: OperationKind.Drill, PageSize: 50), HttpContext.RequestAborted);
        Drills = [.. page.Items.Select(j => new DrillRow(j, DrillReport.FromSteps(j.Steps)))];
        return Page();
    }
}
