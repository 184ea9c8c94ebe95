using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Core.Canary;
using Portal.Core.Metrics;
using Portal.Core.Operations;
using static Microsoft.Playwright.Assertions;

namespace Portal.BrowserTests;

/// <summary>
/// A running canary's analysis on its job page follows the job's live stream: each interim report the runner records
/// redraws the verdict and updates the charts in place (the same canvases), and the page says when the job has ended.
/// The records are written through the store as the runner writes them, so the test needs no minutes of real traffic.
/// </summary>
public class CanaryLiveTests(PortalServer server) : IClassFixture<PortalServer>
{
    private const string Step = "us-east-1: canary analysis at 10%";

    private static string AnalysisData(DateTimeOffset start, int minutes, CanaryVerdict verdict, bool interim)
    {
        // A p99 series per minute for each side: what CanaryAnalysis reads from CloudWatch, here made up for the page.
        var canary = Enumerable.Range(0, minutes).Select(i => new MetricPoint(start.AddMinutes(i), 120 + 3 * i)).ToList();
        var baseline = Enumerable.Range(0, minutes).Select(i => new MetricPoint(start.AddMinutes(i), 118 + i)).ToList();
        var comparison = new MetricComparisonResult("baseline", "Mann-Whitney U (two-sided)", 0.4, 0.03, verdict, $"over {minutes} min");
        var metric = new MetricResult("latencyP99", "p99 latency", false, true, 1, verdict, [comparison]);
        var report = new CanaryReport("us-east-1", ["us-east-2"], 0.1, 0.098, start, start.AddMinutes(minutes),
            ["us-east-1 (new image) against us-east-2 (old image) over the same minutes"],
            new CanaryJudgement(verdict == CanaryVerdict.Pass ? 95 : 40, verdict, $"{verdict} over {minutes} min.", [metric]),
            [new CanaryChartSeries("latencyP99", "p99 latency", "ms", canary, baseline)], interim);
        return new JsonObject { [CanaryReport.DataKey] = report.ToJson() }.ToJsonString();
    }

    [Fact]
    public async Task The_analysis_of_a_running_canary_updates_its_verdict_and_charts_in_place_without_a_reload()
    {
        var store = server.Services.GetRequiredService<IOperationStore>();
        var job = await store.CreateAsync(new OperationRequest(OperationKind.Deploy, "staging", "ana", ImageTag: "v2", Strategy: DeploymentStrategy.Canary));
        await store.MarkRunningAsync(job.Id);
        var step = await store.BeginStepAsync(job.Id, Step, "Analysing us-east-1 at 10%: 2 min of 10 min.");
        var start = DateTimeOffset.UtcNow.AddMinutes(-3);
        await store.UpdateStepAsync(job.Id, step, StepState.Running, null, AnalysisData(start, 2, CanaryVerdict.Inconclusive, interim: true));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 1100 } });
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        await page.GotoAsync(server.SignInUrl($"/jobs/{job.Id}"));

        var section = page.Locator("[data-testid=canary-analysis]");
        await Expect(page.Locator("[data-testid=live-state]")).ToHaveTextAsync("live", new() { Timeout = 30_000 });
        await Expect(section.Locator("[data-testid=canary-interim]")).ToBeVisibleAsync();
        await Expect(section.Locator("[data-testid=canary-verdict]")).ToHaveTextAsync("Inconclusive");
        var canvas = section.Locator("canvas[data-key=latencyP99]");
        await Expect(canvas).ToBeVisibleAsync();
        await page.WaitForFunctionAsync("() => { const c = document.querySelector('canvas[data-key=latencyP99]'); return c && window.Chart && " +
            "window.Chart.getChart(c)?.data.labels.length === 2; }", null, new() { Timeout = 30_000 });
        // Markers a reload or a replaced canvas would lose; and the Cancel button keeps focus while the steps move.
        await page.EvaluateAsync("() => { window.__noReload = true; document.querySelector('canvas[data-key=latencyP99]').__same = true; }");
        await page.FocusAsync("[data-testid=cancel]");

        // The runner records the next minute's interim report.
        await store.UpdateStepAsync(job.Id, step, StepState.Running, "Analysing us-east-1 at 10%: 5 min of 10 min.",
            AnalysisData(start, 5, CanaryVerdict.Pass, interim: true));
        await Expect(section.Locator("[data-testid=canary-verdict]")).ToHaveTextAsync("Pass", new() { Timeout = 30_000 });
        await page.WaitForFunctionAsync("() => window.Chart.getChart(document.querySelector('canvas[data-key=latencyP99]'))?.data.labels.length === 5", null,
            new() { Timeout = 30_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => window.__noReload === true && document.querySelector('canvas[data-key=latencyP99]').__same === true"),
            "the page reloaded or the chart was replaced instead of updated in place");
        Assert.Equal("cancel", await page.EvaluateAsync<string?>("() => document.activeElement?.dataset.testid ?? null"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ResultFile("canary-live-interim.png"), FullPage = true, Timeout = 90_000 });

        // The final report, then the job ends: the interim note goes, and the stream says there is nothing more.
        await store.UpdateStepAsync(job.Id, step, StepState.Succeeded, "Pass.", AnalysisData(start, 10, CanaryVerdict.Pass, interim: false));
        await store.FinishAsync(job.Id, OperationState.Succeeded, "Canary passed in us-east-1 (test).");
        await Expect(page.Locator("[data-testid=job-state]")).ToHaveTextAsync("Succeeded", new() { Timeout = 30_000 });
        await Expect(section.Locator("[data-testid=canary-interim]")).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-testid=live-state]")).ToHaveTextAsync("ended");
        await page.WaitForFunctionAsync("() => window.Chart.getChart(document.querySelector('canvas[data-key=latencyP99]'))?.data.labels.length === 10", null,
            new() { Timeout = 30_000 });
        Assert.Empty(errors);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ResultFile("canary-live-final.png"), FullPage = true, Timeout = 90_000 });
    }
}
