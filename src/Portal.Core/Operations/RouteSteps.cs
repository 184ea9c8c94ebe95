using Portal.Core.Traffic;

namespace Portal.Core.Operations;

/// <summary>Route 53 weight changes shared by rebalance and a deployment's drain: upsert the weights, wait for INSYNC.</summary>
public sealed class RouteSteps(ITrafficRouter router, OperationSettings settings)
{
    public Task<IReadOnlyList<WeightedRecord>> GetRecordsAsync(string hostedZoneId, string recordName, CancellationToken ct) =>
        router.GetWeightedRecordsAsync(hostedZoneId, recordName, ct);

    /// <summary>Sets the weights by set identifier (others unchanged) unless they already are so; returns the change id or null.</summary>
    public async Task<string?> SetWeightsAsync(StepScope step, string hostedZoneId, string recordName, IReadOnlyDictionary<string, int> bySetIdentifier,
        string comment)
    {
        var ct = step.Run.CancellationToken;
        var records = await router.GetWeightedRecordsAsync(hostedZoneId, recordName, ct);
        foreach (var id in bySetIdentifier.Keys)
            if (records.All(r => r.SetIdentifier != id))
                throw new StepFailedException($"Route 53 has no weighted record '{id}' for {recordName}; the configuration and the zone disagree.");
        if (records.All(r => !bySetIdentifier.TryGetValue(r.SetIdentifier, out var w) || w == r.Weight))
            return null;
        var changed = records.Select(r => bySetIdentifier.TryGetValue(r.SetIdentifier, out var w) ? r with { Weight = w } : r).ToList();
        var change = await router.SetWeightsAsync(hostedZoneId, recordName, changed, comment, ct);
        step.Data["changeId"] = change.Id;
        await step.ReportAsync($"Submitted change {change.Id}: {change.Status.ToString().ToUpperInvariant()}.");
        return change.Id;
    }

    public async Task WaitInSyncAsync(StepScope step, string changeId)
    {
        var run = step.Run;
        var deadline = run.Time.GetUtcNow() + settings.ChangeSyncTimeout;
        while (true)
        {
            var change = await router.GetChangeAsync(changeId, run.CancellationToken);
            if (change.Status == RecordChangeStatus.InSync) return;
            await step.ReportAsync($"Change {changeId} is PENDING: Route 53 is propagating it to its DNS servers.");
            if (run.Time.GetUtcNow() >= deadline)
                throw new StepFailedException($"Change {changeId} was still PENDING after {Format.Span(settings.ChangeSyncTimeout)}. Route 53 applies it " +
                    $"eventually; check the weights before changing them again.");
            await run.DelayAsync(settings.PollInterval);
        }
    }
}
