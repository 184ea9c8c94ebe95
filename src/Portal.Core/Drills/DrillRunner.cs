using System.Globalization;
using System.Text.Json.Nodes;
using Portal.Core.Health;
using Portal.Core.Metrics;
using Portal.Core.Operations;
using Portal.Core.Services;
using Portal.Core.Status;
using Portal.Core.Topology;

namespace Portal.Core.Drills;

/// <summary>
/// A failover drill: take one region out of traffic (evacuate: Route 53 weight 0; health check: invert its Route 53
/// health check so Route 53's own data plane routes around it), measure how traffic moves and how the other regions
/// cope, hold, then put it back. Putting it back is guaranteed: at the end, on failure, on cancel (the cancel request
/// does not stop the restore) and after a restart (completed steps are skipped, the restore runs when the job resumes).
/// </summary>
public sealed class DrillRunner(
    IHealthChecks health,
    IHealthCheckControl healthChecks,
    IServiceCapacity capacity,
    RouteSteps routes,
    IMetricsSource metrics,
    DrillSettings settings,
    OperationSettings operations)
{
    public const string PreflightStep = "Preflight";
    public const string ReportStep = "Report";

    public static string TakeOutStep(DrillKind kind, string region) =>
        kind == DrillKind.Evacuate ? $"{region}: weight 0" : $"{region}: invert its health check";

    public static string RestoreStep(DrillKind kind, string region) =>
        kind == DrillKind.Evacuate ? $"{region}: restore weight" : $"{region}: un-invert its health check";

    public async Task<string> RunAsync(OperationRun run, EnvironmentTopology env, DrillKind kind, string regionName, TimeSpan hold)
    {
        var region = env.Regions.Single(r => r.Region == regionName);
        var others = env.Regions.Where(r => r != region).ToList();
        var pre = await run.StepAsync(PreflightStep, step => PreflightAsync(step, env, kind, region, others));
        string? failure = null;
        var cancelled = false;
        try
        {
            await run.StepAsync(TakeOutStep(kind, region.Region), step => TakeOutAsync(step, env, kind, region));
            var changedAt = Time(run.DataOf(TakeOutStep(kind, region.Region))!["at"]);
            await run.StepAsync($"{region.Region}: wait for traffic to move", step => MeasureMoveAsync(step, region, Number(pre["before"]), changedAt));
            await run.StepAsync($"Hold {Format.Span(hold)}", step => HoldAsync(step, changedAt + hold));
        }
        catch (Exception ex) when (ex is StepFailedException or OperationCancelledException || !run.CancellationToken.IsCancellationRequested)
        {
            cancelled = ex is OperationCancelledException;
            failure = cancelled ? "cancelled by the operator" : ex.Message;
            run.RestoringAfterCancel = cancelled;
        }

        // Always, whatever happened after the preflight: the take-out step may have failed after Route 53 took the change,
        // and restoring what is already in place changes nothing (no change batch, or Inverted false again).
        await run.StepAsync(RestoreStep(kind, region.Region), step => RestoreAsync(step, env, kind, region, pre));
        var report = await run.StepAsync(ReportStep, step => ReportAsync(step, env, kind, region, others, hold, pre, failure));
        var summary = (string)report["summary"]!;
        if (cancelled) throw new OperationCancelledByUserException($"Drill cancelled; {region.Region} was put back. {summary}");
        if (failure is not null) throw new StepFailedException($"Drill failed: {failure} {region.Region} was put back. {summary}");
        return summary;
    }

    private async Task PreflightAsync(StepScope step, EnvironmentTopology env, DrillKind kind, RegionTopology region, IReadOnlyList<RegionTopology> others)
    {
        var ct = step.Run.CancellationToken;
        var problems = new List<string>();
        foreach (var other in others)
        {
            var status = await health.GetStatusAsync(other.HealthCheckId, ct);
            if (!status.IsHealthy) problems.Add($"{other.Region} is unhealthy ({status.HealthyCount} of {status.Total} checkers), so it cannot take " +
                $"{region.Region}'s traffic");
        }
        var records = await routes.GetRecordsAsync(env.HostedZoneId, env.RecordName, ct);
        var weight = records.SingleOrDefault(r => r.SetIdentifier == region.SetIdentifier)?.Weight;
        if (weight is null) problems.Add($"Route 53 has no weighted record '{region.SetIdentifier}'");
        else if (weight == 0) problems.Add($"{region.Region} already has weight 0: it carries no traffic to move");
        if (others.All(o => records.SingleOrDefault(r => r.SetIdentifier == o.SetIdentifier)?.Weight is null or 0))
            problems.Add("every other region has weight 0, so Route 53 would have nowhere to send the traffic");
        var inverted = await healthChecks.IsInvertedAsync(region.HealthCheckId, ct);
        if (inverted) problems.Add($"{region.Region}'s health check is already inverted (an earlier drill not restored?); un-invert it first");
        var now = step.Run.Time.GetUtcNow();
        var load = await new CapacityPreflight(capacity, metrics).CheckAsync(env, region, others, Minute(now) - TimeSpan.FromMinutes(5), Minute(now), problems,
            ct);
        if (problems.Count > 0) throw new StepFailedException($"Refused, nothing was changed: {string.Join("; ", problems)}.");

        var requests = await RequestsAsync(region, Minute(now) - TimeSpan.FromMinutes(5), Minute(now), ct);
        step.Data["weight"] = weight;
        step.Data["before"] = requests.Count == 0 ? null : requests.Average(p => p.Value);
        step.Done($"Every other region is healthy; {load} {region.Region} has weight {weight} and served " +
            (requests.Count == 0 ? "no requests CloudWatch counted in the last 5 minutes." : $"{requests.Average(p => p.Value):0.#} requests a minute over " +
                $"the last 5 minutes."));
    }

    private async Task TakeOutAsync(StepScope step, EnvironmentTopology env, DrillKind kind, RegionTopology region)
    {
        if (kind == DrillKind.Evacuate)
        {
            var change = await routes.SetWeightsAsync(step, env.HostedZoneId, env.RecordName, new Dictionary<string, int> { [region.SetIdentifier] = 0 },
                $"Portal: drill, evacuate {region.Region} ({step.Run.Record.Id})");
            if (change is not null) await routes.WaitInSyncAsync(step, change);
            step.Data["at"] = step.Run.Time.GetUtcNow().ToString("O");
            step.Done($"{region.Region} weight 0, INSYNC: Route 53's DNS answers no longer send new connections there.");
        }
        else
        {
            await healthChecks.SetInvertedAsync(region.HealthCheckId, true, step.Run.CancellationToken);
            step.Data["at"] = step.Run.Time.GetUtcNow().ToString("O");
            step.Done($"{region.Region}'s health check {region.HealthCheckId} is inverted: Route 53 now treats it as unhealthy and routes around it.");
        }
    }

    private async Task MeasureMoveAsync(StepScope step, RegionTopology region, double? before, DateTimeOffset changedAt)
    {
        var run = step.Run;
        if (before is null or <= 0)
        {
            step.Skip($"{region.Region} served no counted requests before the drill, so there is no traffic to see move.");
            return;
        }
        var threshold = before.Value * settings.MovedShare;
        var first = Minute(changedAt) + TimeSpan.FromMinutes(1);
        while (true)
        {
            var now = run.Time.GetUtcNow();
            var points = await RequestsAsync(region, first, Minute(now), run.CancellationToken);
            var complete = Minutes(first, Minute(now)).ToList();
            var counted = points.ToDictionary(p => p.Timestamp, p => p.Value);
            // CloudWatch leaves out minutes without data: a complete minute with no point had no requests.
            var moved = complete.FirstOrDefault(m => counted.GetValueOrDefault(m) < threshold);
            if (moved != default)
            {
                var took = moved + TimeSpan.FromMinutes(1) - changedAt;
                step.Data["timeToMove"] = took.ToString("c", CultureInfo.InvariantCulture);
                step.Done($"{region.Region}'s requests fell below {Format.Percent(settings.MovedShare)} of before ({threshold:0.#} a minute) in the minute " +
                    $"from {moved:HH:mm} UTC: within {Format.Span(took)}.");
                return;
            }
            if (now - changedAt >= settings.MoveTimeout)
                throw new StepFailedException($"{region.Region} still served {Format.Percent(settings.MovedShare)} or more of its traffic " +
                    $"{Format.Span(settings.MoveTimeout)} after the change.");
            await step.ReportAsync($"Waiting for {region.Region}'s requests to fall below {threshold:0.#} a minute (checked {complete.Count} complete " +
                $"minutes).");
            await run.DelayAsync(operations.PollInterval);
        }
    }

    private static async Task HoldAsync(StepScope step, DateTimeOffset until)
    {
        var run = step.Run;
        while (run.Time.GetUtcNow() < until)
        {
            await step.ReportAsync($"Holding until {until:HH:mm:ss} UTC.");
            var left = until - run.Time.GetUtcNow();
            if (left > TimeSpan.Zero) await run.DelayAsync(left < TimeSpan.FromSeconds(30) ? left : TimeSpan.FromSeconds(30));
        }
        step.Done($"Held until {until:HH:mm:ss} UTC.");
    }

    private async Task RestoreAsync(StepScope step, EnvironmentTopology env, DrillKind kind, RegionTopology region, JsonObject pre)
    {
        if (kind == DrillKind.Evacuate)
        {
            var weight = pre["weight"]!.GetValue<int>();
            var change = await routes.SetWeightsAsync(step, env.HostedZoneId, env.RecordName, new Dictionary<string, int> { [region.SetIdentifier] = weight },
                $"Portal: drill over, restore {region.Region} ({step.Run.Record.Id})");
            if (change is not null) await routes.WaitInSyncAsync(step, change);
            step.Data["at"] = step.Run.Time.GetUtcNow().ToString("O");
            step.Done($"{region.Region} weight back to {weight}, INSYNC.");
        }
        else
        {
            await healthChecks.SetInvertedAsync(region.HealthCheckId, false, step.Run.CancellationToken);
            step.Data["at"] = step.Run.Time.GetUtcNow().ToString("O");
            step.Done($"{region.Region}'s health check is no longer inverted: Route 53 routes to it again while it is healthy.");
        }
    }

    private async Task ReportAsync(StepScope step, EnvironmentTopology env, DrillKind kind, RegionTopology region, IReadOnlyList<RegionTopology> others,
        TimeSpan hold, JsonObject pre, string? failure)
    {
        var run = step.Run;
        var takeOut = run.DataOf(TakeOutStep(kind, region.Region));
        var restore = run.DataOf(RestoreStep(kind, region.Region));
        var moved = run.DataOf($"{region.Region}: wait for traffic to move")?["timeToMove"] is { } t
            ? TimeSpan.Parse((string)t!, CultureInfo.InvariantCulture) : (TimeSpan?)null;
        var timeline = new List<DrillEvent>();
        if (takeOut?["at"] is { } a) timeline.Add(new(Time(a), kind == DrillKind.Evacuate
            ? $"{region.Region} weight set to 0 (INSYNC)" : $"{region.Region}'s health check inverted"));
        if (takeOut?["at"] is { } a2 && moved is { } m) timeline.Add(new(Time(a2) + m,
            $"traffic off {region.Region} (below {Format.Percent(settings.MovedShare)} of before)"));
        if (restore?["at"] is { } r) timeline.Add(new(Time(r), kind == DrillKind.Evacuate
            ? $"{region.Region} weight restored to {pre["weight"]}" : $"{region.Region}'s health check un-inverted"));

        double? errors = null, p99 = null;
        var instances = new Dictionary<string, double>();
        if (takeOut?["at"] is { } start)
        {
            var from = Minute(Time(start));
            var to = Minute(restore?["at"] is { } end ? Time(end) : run.Time.GetUtcNow()) + TimeSpan.FromMinutes(1);
            double requests = 0, fiveXx = 0;
            foreach (var other in others)
            {
                var series = await metrics.GetMetricDataAsync(other.Region,
                    [Query("r", other, "requests"), Query("e", other, "http5xx"), Query("p", other, "latencyP99"), Query("i", other, "instances")], from, to,
                        run.CancellationToken);
                requests += series[0].Points.Sum(p => p.Value);
                fiveXx += series[1].Points.Sum(p => p.Value);
                if (series[2].Points.Count > 0) p99 = Math.Max(p99 ?? 0, series[2].Points.Max(p => p.Value));
                if (series[3].Points.Count > 0) instances[other.Region] = series[3].Points.Max(p => p.Value);
            }
            errors = requests > 0 ? fiveXx / requests : null;
        }

        var objectives = new List<DrillObjective>
        {
            new("Traffic moved off the region", $"within {Format.Span(settings.MoveObjective)}", moved is { } mv ? $"within {Format.Span(mv)}" : "not measured",
                moved is { } mm ? mm <= settings.MoveObjective : null),
            new("Other regions' 5xx share", $"under {Format.Percent(settings.Max5xxShare)}", errors is { } e ? Format.Percent(e) : "no requests counted",
                errors is { } ee ? ee < settings.Max5xxShare : null),
            new("Other regions' p99 latency (worst minute)", $"under {settings.MaxP99Ms:0} ms", p99 is { } p ? $"{p:0} ms" : "no data", p99 is { } pp
                ? pp < settings.MaxP99Ms : null),
            new("Region put back", "always", restore is null ? "not restored" : "restored", restore is not null),
        };
        var verdict = failure is not null || objectives.Any(o => o.Met == false) ? "Fail" : objectives.All(o => o.Met == true)
            ? "Pass" : "Pass (some objectives not measured)";
        var summary = failure is not null ? $"Verdict Fail: {failure}"
            : $"Verdict {verdict}: " + string.Join("; ", objectives.Select(o => $"{o.Name} {o.Measured} (target {o.Target})")) + ".";
        var report = new DrillReport(run.Record.Id, env.Name, kind, region.Region, hold, verdict.StartsWith("Pass", StringComparison.Ordinal) ? "Pass" : "Fail",
            summary,
            pre["before"]?.GetValue<double>(), moved, errors, p99, instances, objectives, timeline);
        step.Data[DrillReport.DataKey] = report.ToJson();
        step.Data["summary"] = summary;
        step.Done(summary);
    }

    private async Task<IReadOnlyList<MetricPoint>> RequestsAsync(RegionTopology region, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        to <= from ? [] : (await metrics.GetMetricDataAsync(region.Region, [Query("r", region, "requests")], from, to, ct))[0].Points;

    private static MetricQuery Query(string id, RegionTopology region, string key) =>
        DashboardMetrics.ServiceQuery(id, region, DashboardMetrics.Service.Single(d => d.Key == key));

    private static DateTimeOffset Minute(DateTimeOffset t) => new(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero);

    private static IEnumerable<DateTimeOffset> Minutes(DateTimeOffset from, DateTimeOffset to)
    {
        for (var m = from; m < to; m = m.AddMinutes(1)) yield return m;
    }

    private static DateTimeOffset Time(JsonNode? node) => DateTimeOffset.Parse((string)node!, CultureInfo.InvariantCulture);

    private static double? Number(JsonNode? node) => node?.GetValue<double>();
}
