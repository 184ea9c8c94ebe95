using Portal.Core.Operations;
using Portal.Core.Topology;

namespace Portal.Core.Canary;

/// <summary>
/// One analysed step of a progressive change, shared by the canary deployment and the runtime migration: wait whole
/// CloudWatch minutes, judge the canary against its baselines, extend while inconclusive or marginal up to the limit,
/// and record the report in the step. Pass: the step succeeds; fail or still undecided at the limit: it fails.
/// </summary>
public sealed class CanaryAnalysisStep(CanaryAnalysis analysis, CanarySettings settings, OperationSettings operations)
{
    /// <param name="changedAt">When the canary's traffic was first changed: its "hour before" ends there (null: the analysis start).</param>
    public async Task<CanaryReport> RunAsync(OperationRun run, string name, RegionTopology canary, IReadOnlyList<RegionTopology> baselines,
        double share, DateTimeOffset? changedAt)
    {
        CanaryReport? report = null;
        var data = await run.StepAsync(name, async step =>
        {
            // CloudWatch counts per whole minute, and the minute the analysis begins in holds requests from before
            // (other weights, the old image): the window starts at the next whole minute and takes whole minutes.
            var start = step.Resumed && run.InterruptedDataOf(name)?["start"] is { } s
                ? DateTimeOffset.Parse((string)s!, System.Globalization.CultureInfo.InvariantCulture) : NextMinute(run.Time.GetUtcNow());
            step.Data["start"] = start.ToString("O");
            var before = changedAt ?? start;
            var length = settings.AnalysisTime;
            var interimMinutes = 0;
            while (true)
            {
                var elapsed = run.Time.GetUtcNow() - start;
                if (elapsed < length)
                {
                    // Each whole minute in, the minutes so far are judged as an interim report, so that the job page's charts
                    // and verdict follow a running analysis; only the report at the end decides.
                    var minutes = (int)Math.Floor(elapsed.TotalMinutes);
                    if (minutes > interimMinutes)
                    {
                        interimMinutes = minutes;
                        var interim = await analysis.AnalyseAsync(canary, baselines, share, start, start + TimeSpan.FromMinutes(minutes), before,
                            run.CancellationToken);
                        step.Data[CanaryReport.DataKey] = (interim with { Interim = true }).ToJson();
                    }
                    await step.ReportAsync(elapsed < TimeSpan.Zero
                        ? $"Analysis of {canary.Region} at {Format.Percent(share)} starts with the next whole minute ({start:HH:mm} UTC)."
                        : $"Analysing {canary.Region} at {Format.Percent(share)}: {Format.Span(elapsed)} of {Format.Span(length)}" +
                          $"{(interimMinutes > 0 ? $" (interim report over {interimMinutes} min)" : "")}.");
                    var left = length - elapsed;
                    await run.DelayAsync(left < operations.PollInterval ? left : operations.PollInterval);
                    continue;
                }
                report = await analysis.AnalyseAsync(canary, baselines, share, start, start + length, before, run.CancellationToken);
                step.Data[CanaryReport.DataKey] = report.ToJson();
                var verdict = report.Judgement.Verdict;
                if (verdict == CanaryVerdict.Pass)
                {
                    step.Done($"{report.Judgement.Summary} Served {Served(report)} of the requests.");
                    return;
                }
                if (verdict == CanaryVerdict.Fail)
                    throw new StepFailedException($"The analysis failed the canary after {Format.Span(length)}: {report.Judgement.Summary}");
                if (length + settings.Extension > settings.MaxAnalysisTime)
                    throw new StepFailedException($"The analysis was still {verdict.ToString().ToLowerInvariant()} after {Format.Span(length)}, " +
                        $"the longest allowed; failing safe: {report.Judgement.Summary}");
                length += settings.Extension;
                await step.ReportAsync($"{verdict} after {Format.Span(elapsed)} ({report.Judgement.Summary}); analysing until {Format.Span(length)}.");
            }
        });
        return report ?? CanaryReport.FromJson(data[CanaryReport.DataKey])
            ?? throw new StepFailedException($"The completed step '{name}' recorded no analysis.");
    }

    private static DateTimeOffset NextMinute(DateTimeOffset t) =>
        new DateTimeOffset(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero).AddMinutes(1);

    private static string Served(CanaryReport report) => report.ServedShare is { } s ? Format.Percent(s) : "none";
}
