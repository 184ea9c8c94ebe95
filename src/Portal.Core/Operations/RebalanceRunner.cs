using Portal.Core.Health;
using Portal.Core.Services;
using Portal.Core.Topology;
using Portal.Core.Traffic;

namespace Portal.Core.Operations;

/// <summary>
/// Sets each region's Route 53 weight and waits until the change is INSYNC, after checking the guardrails again
/// against live health (they were checked against the dashboard's snapshot when the request was accepted).
/// </summary>
public sealed class RebalanceRunner(IHealthChecks health, IServiceRuntime runtime, RouteSteps routes)
{
    public async Task<string> RunAsync(OperationRun run, EnvironmentTopology env, IReadOnlyDictionary<string, int> weights, bool allowAllZero)
    {
        await run.StepAsync("Check the guardrails", async step =>
        {
            var healthy = new Dictionary<string, bool>();
            // Serving: Route 53 trusts it and App Runner is not paused (a paused region fails its checks moments later).
            foreach (var region in env.Regions)
                healthy[region.Region] = (await health.GetStatusAsync(region.HealthCheckId, run.CancellationToken)).IsHealthy
                    && (await runtime.DescribeAsync(region.Region, region.ServiceArn, run.CancellationToken)).Status != ServiceStatus.Paused;
            var refusal = RebalanceGuardrails.Refusal(weights, healthy, allowAllZero);
            if (refusal is not null) throw new StepFailedException($"Nothing was changed: {refusal}");
            var shares = WeightedRouting.Shares([.. env.Regions.Select(r => new WeightedTarget(r.Region, weights[r.Region], healthy[r.Region]))]);
            step.Done("Projected traffic: " + string.Join(", ", shares.Select(s => $"{s.Key} {Format.Percent(s.Value)}")) + ".");
        });

        var bySetIdentifier = env.Regions.ToDictionary(r => r.SetIdentifier, r => weights[r.Region]);
        var set = await run.StepAsync("Set the weights", async step =>
        {
            var change = await routes.SetWeightsAsync(step, env.HostedZoneId, env.RecordName, bySetIdentifier, $"Portal: rebalance ({run.Record.Id})");
            if (change is null) step.Skip("Route 53 already has these weights.");
            else step.Done($"Change {change} submitted.");
        });

        if (set["changeId"] is { } changeId)
            await run.StepAsync("Wait for INSYNC", async step =>
            {
                await routes.WaitInSyncAsync(step, (string)changeId!);
                step.Done("Every Route 53 DNS server answers with the new weights.");
            });
        return $"Weights are now {string.Join(", ", weights.Select(w => $"{w.Key} {w.Value}"))}.";
    }
}

/// <summary>The rebalance guardrails, shared by request validation (snapshot health) and the job (live health).</summary>
public static class RebalanceGuardrails
{
    public const string AllZeroExplanation =
        "All weights 0 means Route 53 splits traffic evenly between every healthy region, as if all were equal; it does not stop traffic.";

    /// <summary>Why the change is refused, or null when it may go ahead.</summary>
    public static string? Refusal(IReadOnlyDictionary<string, int> weights, IReadOnlyDictionary<string, bool> healthy, bool allowAllZero)
    {
        if (weights.Values.All(w => w == 0) && !allowAllZero)
            return "every weight is 0. " + AllZeroExplanation + " Confirm all-zero explicitly if that is what you want.";
        var anyHealthy = healthy.Values.Any(h => h);
        var serving = weights.Where(w => w.Value > 0).Select(w => w.Key).ToList();
        if (anyHealthy && serving.Count > 0 && serving.All(r => !healthy.GetValueOrDefault(r)))
            return $"this sends all traffic to {string.Join(" and ", serving)}, which {(serving.Count == 1 ? "is" : "are")} unhealthy or paused, and away " +
                $"from " +
                $"{string.Join(" and ", healthy.Where(h => h.Value).Select(h => h.Key))}, which {(healthy.Count(h => h.Value) == 1 ? "is" : "are")} healthy.";
        return null;
    }
}
