using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Portal.Core.Operations;
using Portal.Core.Status;
using Portal.Core.Traffic;
using Portal.Jobs;
using Portal.Pages.Shared;
using Portal.Status;
using Portal.Topology;

namespace Portal.Pages.Environments;

/// <summary>
/// Set each region's Route 53 weight, seeing first where traffic would go (Route 53's rules, live health). "Preview"
/// projects on the server, so the page works without script; rebalance.js projects as weights are typed.
/// </summary>
public sealed class RebalanceModel(OperationQueue queue, StatusBoard board, TopologySource topology, IOptions<StatusOptions> statusOptions, TimeProvider time)
    : ActionPageModel(queue)
{
    public const string Route53FailingMessage =
        "Route 53's API is failing: health-check failover keeps working without it; the rebalance button is for planned changes.";

    public sealed class WeightsInput
    {
        /// <summary>As typed, by region: parsed here so "abc" is a field error in the page's words, not a binding error.</summary>
        public Dictionary<string, string?> Weights { get; set; } = new(StringComparer.Ordinal);

        public bool AllowAllZero { get; set; }

        public string? ConfirmEnvironment { get; set; }

        /// <summary>The preset button pressed (a <see cref="WeightPreset.Key"/>), on a Preview post.</summary>
        public string? Preset { get; set; }
    }

    /// <param name="Healthy">Route 53's verdict; null while unread (projected as healthy, as the guardrails do).</param>
    /// <param name="Proposed">The weight in the form, as typed.</param>
    /// <param name="ProjectedShare">Where traffic would go with the proposed weights; null while a weight is not valid.</param>
    public sealed record RegionRow(RegionStatus Status, bool? Healthy, string? Proposed, double? ProjectedShare)
    {
        public string Region => Status.Region;

        public int? CurrentWeight => Status.Record.Value?.Weight;
    }

    [BindProperty(SupportsGet = true)]
    public string Environment { get; set; } = "";

    [BindProperty]
    public WeightsInput Input { get; set; } = new();

    public EnvironmentStatus? Status { get; private set; }

    public IReadOnlyList<RegionRow> Regions { get; private set; } = [];

    public IReadOnlyList<WeightPreset> Presets { get; private set; } = [];

    /// <summary>The guardrail that would refuse the proposed weights, in the job's own words; null when they may go ahead.</summary>
    public string? Refusal { get; private set; }

    /// <summary>Why Route 53's API looks down (a region's weights could not be read lately); null when it answers.</summary>
    public string? Route53Failure { get; private set; }

    public bool Previewed { get; private set; }

    public IReadOnlyList<Core.Topology.EnvironmentTopology> Known => topology.Current.Environments;

    public DateTimeOffset Now { get; private set; }

    public Task<IActionResult> OnGetAsync() => ShowAsync();

    public Task<IActionResult> OnPostPreviewAsync()
    {
        Previewed = true;
        return ShowAsync();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var weights = ParseWeights(report: true);
        if (weights is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return await ShowAsync();
        }
        return await QueueAsync(ct => Queue.SubmitAsync(
            NewRequest(OperationKind.Rebalance, Environment) with { Weights = weights, AllowAllZero = Input.AllowAllZero }, Input.ConfirmEnvironment, ct));
    }

    protected override Task<IActionResult> ShowAsync()
    {
        Now = time.GetUtcNow();
        Status = board.Snapshot(topology, Environment, Now);
        if (Status is null) return Task.FromResult<IActionResult>(NotFoundPage());

        var regions = Status.Regions.Select(r => r.Region).ToList();
        Presets = WeightPresets.For(regions, Status.Regions.ToDictionary(r => r.Region, r => r.Record.Value?.Weight));
        // A first look starts from Route 53's weights; a preset button replaces whatever was typed.
        var start = HttpMethods.IsGet(Request.Method) ? Presets.FirstOrDefault(p => p.Key == WeightPresets.Current)
            : Previewed ? Presets.FirstOrDefault(p => p.Key == Input.Preset) : null;
        if (start is not null)
            Input.Weights = start.Weights.ToDictionary(w => w.Key, w => (string?)w.Value.ToString(CultureInfo.InvariantCulture), StringComparer.Ordinal);

        var healthy = Status.Regions.ToDictionary(r => r.Region, r => r.HealthCheck.Value?.IsHealthy);
        var proposed = ParseWeights(report: Previewed);
        IReadOnlyDictionary<string, double>? shares = null;
        if (proposed is not null && regions.All(proposed.ContainsKey) && proposed.Values.All(w => w is >= 0 and <= WeightedRouting.MaxWeight))
            shares = WeightedRouting.Shares([.. regions.Select(r => new WeightedTarget(r, proposed[r], healthy[r] ?? true))]);
        if (Previewed && proposed is not null)
        {
            // What a submit would answer, except the typed confirmation, which a preview does not ask for.
            var request = NewRequest(OperationKind.Rebalance, Status.Name) with { Weights = proposed, AllowAllZero = Input.AllowAllZero };
            foreach (var (field, messages) in OperationRules.Validate(request, topology.Current, Status.Name))
                foreach (var message in messages) ModelState.AddModelError(field, message);
        }
        if (shares is not null && ModelState.IsValid)
            Refusal = RebalanceGuardrails.Refusal(proposed!, Status.Regions.ToDictionary(r => r.Region, OperationQueue.IsServing), Input.AllowAllZero);

        Regions = [.. Status.Regions.Select(r => new RegionRow(r, healthy[r.Region], Input.Weights.GetValueOrDefault(r.Region),
            shares?.GetValueOrDefault(r.Region)))];
        Route53Failure = Route53FailureOf(Status, Now, statusOptions.Value.StaleAfter);
        return Task.FromResult<IActionResult>(Page());
    }

    /// <summary>The weights as whole numbers, or null when one is not; <paramref name="report"/> adds a field error for each.</summary>
    private Dictionary<string, int>? ParseWeights(bool report)
    {
        var weights = new Dictionary<string, int>(StringComparer.Ordinal);
        var valid = true;
        foreach (var (region, text) in Input.Weights)
        {
            if (int.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var weight))
            {
                weights[region] = weight;
                continue;
            }
            valid = false;
            if (report) ModelState.AddModelError($"weights.{region}", string.IsNullOrWhiteSpace(text)
                ? $"A weight (0-{WeightedRouting.MaxWeight}) for {region} is required."
                : $"The weight for {region} must be a whole number 0-{WeightedRouting.MaxWeight} (got '{text}').");
        }
        return valid ? weights : null;
    }

    /// <summary>Route 53's control plane is failing when a region's weights could not be read in the last refreshes.</summary>
    public static string? Route53FailureOf(EnvironmentStatus status, DateTimeOffset now, TimeSpan staleAfter) =>
        status.Regions.Select(r => r.Record).FirstOrDefault(o => Staleness.IsStale(o, now, staleAfter)) is { } failing
            ? failing.Error ?? $"weights last read {Core.Time.Ago.Format(failing.ObservedAt!.Value, now)}"
            : null;
}
