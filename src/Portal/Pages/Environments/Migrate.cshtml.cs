using Microsoft.AspNetCore.Mvc;
using Portal.Core.Canary;
using Portal.Core.Migration;
using Portal.Core.Operations;
using Portal.Core.Status;
using Portal.Core.Topology;
using Portal.Core.Traffic;
using Portal.Jobs;
using Portal.Pages.Shared;
using Portal.Status;
using Portal.Topology;

namespace Portal.Pages.Environments;

/// <summary>
/// Move a region from App Runner to the ECS Express service beside it: both runtimes' shares of the region now (read
/// from Route 53 when the page is shown), the steps, and the analysis of each step of the latest migration.
/// </summary>
public sealed class MigrateModel(OperationQueue queue, StatusBoard board, TopologySource topology, ITrafficRouter router, IOperationStore store,
    TimeProvider time)
    : ActionPageModel(queue)
{
    public sealed class MigrateInput
    {
        public string? Region { get; set; }

        public bool PauseAppRunner { get; set; }

        public string? ConfirmEnvironment { get; set; }
    }

    /// <summary>A region that can migrate: its split between the two records, or why it could not be read.</summary>
    public sealed record RegionRow(RegionTopology Region, RuntimeSplit? Split, string? Error);

    [BindProperty(SupportsGet = true)]
    public string Environment { get; set; } = "";

    [BindProperty]
    public MigrateInput Input { get; set; } = new();

    public EnvironmentStatus? Status { get; private set; }

    public IReadOnlyList<RegionRow> Regions { get; private set; } = [];

    public OperationRecord? Latest { get; private set; }

    public IReadOnlyList<(string Step, CanaryReport Report)> Analyses { get; private set; } = [];

    public IReadOnlyList<EnvironmentTopology> Known => topology.Current.Environments;

    public DateTimeOffset Now { get; private set; }

    public Task<IActionResult> OnGetAsync() => ShowAsync();

    public Task<IActionResult> OnPostAsync() => QueueAsync(ct => Queue.SubmitAsync(
        NewRequest(OperationKind.Migrate, Environment) with { Region = Input.Region, PauseAppRunner = Input.PauseAppRunner }, Input.ConfirmEnvironment, ct));

    protected override async Task<IActionResult> ShowAsync()
    {
        Now = time.GetUtcNow();
        Status = board.Snapshot(topology, Environment, Now);
        if (Status is null) return NotFoundPage();
        var env = Status.Topology;
        var candidates = env.Regions.Where(r => r.Express is not null).ToList();
        var ct = HttpContext.RequestAborted;
        if (candidates.Count > 0)
        {
            // One read of the record set for the page view, as the operator asks for it; never per region.
            try
            {
                var records = await router.GetWeightedRecordsAsync(env.HostedZoneId, env.RecordName, ct);
                int? Weight(string set) => records.FirstOrDefault(x => x.SetIdentifier == set)?.Weight;
                Regions = [.. candidates.Select(r => Weight(r.SetIdentifier) is { } a && Weight(r.Express!.SetIdentifier) is { } e
                    ? new RegionRow(r, new RuntimeSplit(a, e), null)
                    : new RegionRow(r, null, $"Route 53 has no record '{(Weight(r.SetIdentifier) is null ? r.SetIdentifier : r.Express!.SetIdentifier)}' for " +
                        $"{env.RecordName}"))];
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                Regions = [.. candidates.Select(r => new RegionRow(r, null, $"Route 53 weights not readable: {ex.Message}"))];
            }
        }
        Latest = (await store.RecentAsync(env.Name, OperationKind.Migrate, 1, ct)).FirstOrDefault();
        Analyses = Latest is null ? [] : CanaryReport.FromSteps(Latest.Steps);
        return Page();
    }
}
