using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Operations;
using Portal.Tests.Jobs;

namespace Portal.Tests.Pages;

/// <summary>Deploying and rolling back from the Deploy page, against LocalCloud; the job and audit pages follow.</summary>
public sealed class DeployPageTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    private readonly PageClient _page = PageClient.Operator(app);

    private Task<string> DeployPageWhenAsync(string environment, Func<string, bool> condition, string what) =>
        _page.WhenAsync($"/environments/{environment}/deploy", condition, what);

    private static string Row(string html, string region)
    {
        var table = html[html.IndexOf("data-testid=\"current-images\"", StringComparison.Ordinal)..];
        var from = table.IndexOf($"<tr data-region=\"{region}\"", StringComparison.Ordinal);
        return table[from..table.IndexOf("</tr>", from, StringComparison.Ordinal)];
    }

    [Fact]
    public async Task Shows_each_regions_running_image_and_asks_for_the_typed_name_on_production_only()
    {
        var staging = await DeployPageWhenAsync("staging", h => Row(h, "us-east-2").Contains("RUNNING"), "App Runner's status");
        foreach (var region in new[] { "us-east-1", "us-east-2" })
        {
            Assert.Contains(">v1<", Row(staging, region));
            Assert.Contains(">healthy<", Row(staging, region));
        }
        Assert.DoesNotContain("Input.ConfirmEnvironment", staging);
        Assert.Contains("data-testid=\"deploy\"", staging);

        var production = (await _page.GetAsync("/environments/production/deploy")).Html;
        Assert.Contains("name=\"Input.ConfirmEnvironment\"", production);
        Assert.Contains("Type <strong class=\"mono\">production</strong> to confirm", production);
    }

    [Fact]
    public async Task An_operator_deploys_a_tag_watches_the_job_page_then_rolls_back_from_the_same_page()
    {
        var id = await _page.QueueAsync("/environments/staging/deploy", null, ("Input.ImageTag", "v2"), ("Input.Drain", "true"));

        var (status, queued) = await _page.GetAsync($"/jobs/{id}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("deploy v2 to staging (draining each region)", queued);
        Assert.Contains($"data-live-src=\"/jobs/{id}?handler=Live\"", queued);

        var job = await PageClient.FinishedAsync(app, id);
        Assert.Equal(OperationState.Succeeded, job.State);
        var live = (await _page.GetAsync($"/jobs/{id}?handler=Live")).Html;
        Assert.DoesNotContain("<html", live);
        Assert.Contains("data-finished=\"true\"", live);
        Assert.Contains("data-state=\"Succeeded\"", live);
        foreach (var step in job.Steps)
            Assert.Contains($"<tr data-step=\"{step.Name}\" data-step-state=\"Succeeded\">", live);
        Assert.Contains("us-east-1: drain", live);
        Assert.Contains(job.Outcome!, live);
        Assert.DoesNotContain("data-testid=\"cancel\"", live);
        Assert.DoesNotContain("data-testid=\"retry\"", live);

        // The deploy page now knows what a rollback returns to, region by region.
        var page = await DeployPageWhenAsync("staging", h => Row(h, "us-east-1").Contains(">v2<") && Row(h, "us-east-2").Contains(">v2<"), "v2 running");
        Assert.Contains("<span class=\"mono\">us-east-1</span>: v2 → <strong class=\"image-tag\">v1</strong>", page);
        Assert.Contains("data-confirm=\"Roll back staging: us-east-1 to v1, us-east-2 to v1?\"", page);

        var rollback = await _page.QueueAsync("/environments/staging/deploy", "Rollback");
        Assert.Equal(OperationState.Succeeded, (await PageClient.FinishedAsync(app, rollback)).State);
        var jobs = new JobsClient(app);
        Assert.Equal("v1", jobs.Service("staging", "us-east-1").Tag);
        Assert.Equal("v1", jobs.Service("staging", "us-east-2").Tag);
    }

    [Fact]
    public async Task A_busy_environment_says_so_and_links_the_job_in_flight()
    {
        var store = app.Services.GetRequiredService<IOperationStore>();
        var active = await store.CreateAsync(new OperationRequest(OperationKind.Pause, "production", "someone else", Region: "us-east-2"));
        try
        {
            var before = await PageClient.JobCountAsync(app);
            var response = await _page.PostAsync("/environments/production/deploy", null, ("Input.ImageTag", "v2"), ("Input.ConfirmEnvironment", "production"));
            var html = await PageClient.HtmlAsync(response);

            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            var busy = html[html.IndexOf("data-testid=\"busy\"", StringComparison.Ordinal)..];
            Assert.Contains("production is busy: nothing was queued", busy);
            Assert.Contains($"href=\"/jobs/{active.Id}\"", busy);
            Assert.Equal(before, await PageClient.JobCountAsync(app));
        }
        finally
        {
            await store.FinishAsync(active.Id, OperationState.Cancelled, "Test over.");
        }
    }
}
