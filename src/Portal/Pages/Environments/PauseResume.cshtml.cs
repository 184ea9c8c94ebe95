using Microsoft.AspNetCore.Mvc;
using Portal.Core.Operations;
using Portal.Core.Status;
using Portal.Jobs;
using Portal.Pages.Shared;
using Portal.Status;
using Portal.Topology;

namespace Portal.Pages.Environments;

/// <summary>Pause or resume an environment's App Runner services: every region in rollout order, or one region.</summary>
public sealed class PauseResumeModel(OperationQueue queue, StatusBoard board, TopologySource topology, TimeProvider time) : ActionPageModel(queue)
{
    public sealed class PauseResumeInput
    {
        /// <summary>One region, or null for every region.</summary>
        public string? Region { get; set; }

        public string? ConfirmEnvironment { get; set; }
    }

    [BindProperty(SupportsGet = true)]
    public string Environment { get; set; } = "";

    [BindProperty]
    public PauseResumeInput Input { get; set; } = new();

    public EnvironmentStatus? Status { get; private set; }

    public IReadOnlyList<Core.Topology.EnvironmentTopology> Known => topology.Current.Environments;

    public DateTimeOffset Now { get; private set; }

    public Task<IActionResult> OnGetAsync() => ShowAsync();

    public Task<IActionResult> OnPostPauseAsync() => SubmitAsync(OperationKind.Pause);

    public Task<IActionResult> OnPostResumeAsync() => SubmitAsync(OperationKind.Resume);

    private Task<IActionResult> SubmitAsync(OperationKind kind) => QueueAsync(ct => Queue.SubmitAsync(
        NewRequest(kind, Environment) with { Region = string.IsNullOrWhiteSpace(Input.Region) ? null : Input.Region }, Input.ConfirmEnvironment, ct));

    protected override Task<IActionResult> ShowAsync()
    {
        Now = time.GetUtcNow();
        Status = board.Snapshot(topology, Environment, Now);
        return Task.FromResult<IActionResult>(Status is null ? NotFoundPage() : Page());
    }
}
