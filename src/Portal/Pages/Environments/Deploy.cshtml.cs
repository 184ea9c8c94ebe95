using Microsoft.AspNetCore.Mvc;
using Portal.Core.Operations;
using Portal.Core.Status;
using Portal.Jobs;
using Portal.Pages.Shared;
using Portal.Status;
using Portal.Topology;

namespace Portal.Pages.Environments;

/// <summary>Deploy an image tag to every region of an environment, in rollout order; or roll back to the images before the last deployment.</summary>
public sealed class DeployModel(OperationQueue queue, IOperationStore store, StatusBoard board, TopologySource topology, TimeProvider time,
    Core.Canary.CanarySettings canary) : ActionPageModel(queue)
{
    public const string RollbackPrefix = "rollback.";

    public sealed class DeployInput
    {
        public string? ImageTag { get; set; }

        public bool Drain { get; set; }

        public DeploymentStrategy Strategy { get; set; } = DeploymentStrategy.Rolling;

        public string? ConfirmEnvironment { get; set; }
    }

    public sealed class RollbackInput
    {
        public string? ConfirmEnvironment { get; set; }
    }

    /// <summary>One region as it runs now, and what a rollback would return it to.</summary>
    public sealed record RegionRow(RegionStatus Status, string? RollbackImage);

    [BindProperty(SupportsGet = true)]
    public string Environment { get; set; } = "";

    [BindProperty]
    public DeployInput Input { get; set; } = new();

    [BindProperty]
    public RollbackInput Rollback { get; set; } = new();

    public EnvironmentStatus? Status { get; private set; }

    public IReadOnlyList<RegionRow> Regions { get; private set; } = [];

    /// <summary>Null when the portal has no deployment of this environment on record: nothing to roll back to.</summary>
    public IReadOnlyDictionary<string, string>? RollbackImages { get; private set; }

    /// <summary>Tags running now or deployed here before, offered as suggestions (the field takes any tag).</summary>
    public IReadOnlyList<string> KnownTags { get; private set; } = [];

    public IReadOnlyList<Core.Topology.EnvironmentTopology> Known => topology.Current.Environments;

    public DateTimeOffset Now { get; private set; }

    public Task<IActionResult> OnGetAsync() => ShowAsync();

    public Task<IActionResult> OnPostAsync() => QueueAsync(ct => Queue.SubmitAsync(
        NewRequest(OperationKind.Deploy, Environment) with
        {
            ImageTag = Input.ImageTag?.Trim(),
            Drain = Input.Drain,
            Strategy = Input.Strategy == DeploymentStrategy.Canary ? DeploymentStrategy.Canary : null,
        }, Input.ConfirmEnvironment, ct));

    /// <summary>The canary's steps for this environment, shown before submit (null when it has one region: no canary possible).</summary>
    public IReadOnlyList<string>? CanaryPlan(string tag) =>
        Status is { Topology.Regions.Count: >= 2 } s ? Core.Canary.CanaryRunner.Plan(s.Topology, tag, canary) : null;

    public Task<IActionResult> OnPostRollbackAsync() => QueueAsync(ct => Queue.SubmitAsync(
        NewRequest(OperationKind.Rollback, Environment), Rollback.ConfirmEnvironment, ct), RollbackPrefix);

    protected override async Task<IActionResult> ShowAsync()
    {
        Now = time.GetUtcNow();
        Status = board.Snapshot(topology, Environment, Now);
        if (Status is null) return NotFoundPage();
        var ct = HttpContext.RequestAborted;
        RollbackImages = await RollbackPlan.PreviousImagesAsync(store, Status.Topology, ct);
        Regions = [.. Status.Regions.Select(r => new RegionRow(r, RollbackImages?.GetValueOrDefault(r.Region)))];
        var deployed = await store.RecentAsync(Status.Name, OperationKind.Deploy, 20, ct);
        KnownTags = [.. Status.Regions.Select(r => r.Service.Value?.ImageTag)
            .Concat(deployed.Select(d => d.Request.ImageTag))
            .OfType<string>().Distinct(StringComparer.Ordinal)];
        return Page();
    }
}
