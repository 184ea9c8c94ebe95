using Microsoft.AspNetCore.Mvc;
using Portal.Core.Operations;
using Portal.Core.Topology;
using Portal.Jobs;
using Portal.Live;
using Portal.Pages.Shared;
using Portal.Topology;

namespace Portal.Pages.Jobs;

/// <summary>
/// One job: what was asked, where it stands and every step, updating live until it ends (the job's stream announces each
/// new version and live.js fetches the live part); Cancel while it is queued or running, Retry once it failed, was cancelled or interrupted.
/// </summary>
public sealed class JobModel(OperationQueue queue, IOperationStore store, IOperationLeases leases, TopologySource topology,
    TimeProvider time) : ActionPageModel(queue)
{
    public const string RetryPrefix = "retry.";

    public sealed class RetryInput
    {
        public string? ConfirmEnvironment { get; set; }
    }

    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    [BindProperty]
    public RetryInput Retry { get; set; } = new();

    /// <summary>After a cancel: what happened to the request, shown once.</summary>
    [TempData]
    public string? Notice { get; set; }

    public OperationRecord? Job { get; private set; }

    /// <summary>The job's environment as configured now (for the typed confirmation); null if it is no longer configured.</summary>
    public EnvironmentTopology? Env { get; private set; }

    public DateTimeOffset Now { get; private set; }

    /// <summary>The Hangfire job that runs (or ran) this operation, for the link to its page in the dashboard; null when none is recorded.</summary>
    public string? EngineJobId { get; private set; }

    /// <summary>What the job's live stream calls the state shown (<see cref="JobVersions.Of"/>).</summary>
    public string Version { get; private set; } = "";

    public string LiveUrl => Url.Page("/Jobs/Job", "Live", new { id = Id }) ?? "";

    public bool CanRetry => Job?.State is OperationState.Failed or OperationState.Cancelled or OperationState.Interrupted;

    public Task<IActionResult> OnGetAsync() => ShowAsync();

    /// <summary>Just the live part, for live.js.</summary>
    public async Task<IActionResult> OnGetLiveAsync()
    {
        await LoadAsync();
        return Job is null ? NotFound() : Partial("_JobLive", this);
    }

    public Task<IActionResult> OnPostRetryAsync() =>
        QueueAsync(ct => Queue.RetryAsync(Id, UserName, SourceAddress, Retry.ConfirmEnvironment, ct), RetryPrefix);

    public async Task<IActionResult> OnPostCancelAsync()
    {
        Notice = await Queue.CancelAsync(Id, UserName, SourceAddress, HttpContext.RequestAborted)
            ? "Cancel requested: the job stops at its next safe point and says below what it left behind."
            : $"Job {Id} was not queued or running any more, so there was nothing to cancel.";
        return RedirectToPage(new { id = Id });
    }

    protected override async Task<IActionResult> ShowAsync()
    {
        await LoadAsync();
        return Job is null ? NotFoundPage() : Page();
    }

    private async Task LoadAsync()
    {
        Now = time.GetUtcNow();
        Job = await store.GetAsync(Id, HttpContext.RequestAborted);
        Env = Job is null ? null : topology.Current.Find(Job.Environment);
        Version = Job is null ? "" : JobVersions.Of(Job);
        EngineJobId = Job is null ? null : await leases.JobOfAsync(Job.Id, HttpContext.RequestAborted);
    }
}
