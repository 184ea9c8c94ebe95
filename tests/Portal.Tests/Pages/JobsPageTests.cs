using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Operations;

namespace Portal.Tests.Pages;

/// <summary>The jobs list (filters, paging) and a job's page (cancel, retry), over records the store holds.</summary>
public sealed class JobsPageTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    private readonly PageClient _page = PageClient.Operator(app);

    private IOperationStore Store => app.Services.GetRequiredService<IOperationStore>();

    /// <summary>A finished record, as a job that ran would leave it (the store's own one-active rule holds meanwhile).</summary>
    private async Task<OperationRecord> FinishedAsync(OperationRequest request, OperationState state)
    {
        var record = await Store.CreateAsync(request);
        await Store.MarkRunningAsync(record.Id);
        await Store.FinishAsync(record.Id, state, $"{state} for the test.");
        return (await Store.GetAsync(record.Id))!;
    }

    private static int Rows(string html) => html.Split("<tr data-job=").Length - 1;

    [Fact]
    public async Task A_jobs_page_links_to_its_Hangfire_job_but_not_to_a_hand_over_in_progress()
    {
        _ = _page.Http;
        var leases = app.Services.GetRequiredService<IOperationLeases>();
        var ran = await FinishedAsync(new OperationRequest(OperationKind.Resume, "staging", "ana"), OperationState.Succeeded);
        await leases.SetJobAsync(ran.Id, "4711");
        var handing = await FinishedAsync(new OperationRequest(OperationKind.Resume, "staging", "ana"), OperationState.Succeeded);
        await leases.SetJobAsync(handing.Id, Portal.Jobs.OperationRecovery.HandingOverPrefix + "portal-a");

        Assert.Contains("<a href=\"/hangfire/jobs/details/4711\" class=\"mono\" data-testid=\"engine-job\">4711</a>", (await _page.GetAsync($"/jobs/{ran.Id}"))
            .Html);
        Assert.DoesNotContain("data-testid=\"engine-job\"", (await _page.GetAsync($"/jobs/{handing.Id}")).Html);
    }

    [Fact]
    public async Task The_list_filters_by_environment_kind_and_state_and_pages_by_25_newest_first()
    {
        _ = _page.Http;
        var marker = $"pager-{Guid.NewGuid():N}"[..14];
        for (var i = 0; i < 27; i++)
            await FinishedAsync(new OperationRequest(OperationKind.Deploy, "staging", marker, ImageTag: $"v{i}"), OperationState.Succeeded);
        var failed = await FinishedAsync(new OperationRequest(OperationKind.Rebalance, "production", "ana",
            Weights: new Dictionary<string, int> { ["us-east-1"] = 255, ["us-east-2"] = 0 }), OperationState.Failed);

        var filtered = (await _page.GetAsync("/jobs?environment=production&kind=Rebalance&state=Failed")).Html;
        Assert.Equal(1, Rows(filtered));
        Assert.Contains($"href=\"/jobs/{failed.Id}\"", filtered);
        Assert.Contains("set production weights to us-east-1 255, us-east-2 0", filtered);
        Assert.Contains("data-state=\"Failed\"", filtered);
        Assert.Contains(">ana<", filtered);
        Assert.Contains("<option value=\"Rebalance\" selected=\"selected\">", filtered);

        var first = (await _page.GetAsync("/jobs?environment=staging&kind=Deploy&state=Succeeded")).Html;
        var total = (await Store.ListAsync(new OperationQuery("staging", OperationKind.Deploy, OperationState.Succeeded))).Total;
        Assert.Equal(25, Rows(first));
        Assert.True(first.IndexOf("deploy v26 to staging", StringComparison.Ordinal) < first.IndexOf("deploy v25 to staging", StringComparison.Ordinal),
            "not newest first");
        Assert.Contains($"Page 1 of {(total + 24) / 25} · {total} jobs", first);
        Assert.Contains("href=\"/jobs?environment=staging&kind=Deploy&state=Succeeded&pageNumber=2\"", first);

        var second = (await _page.GetAsync("/jobs?environment=staging&kind=Deploy&state=Succeeded&pageNumber=2")).Html;
        Assert.Contains("deploy v0 to staging", second);
        Assert.Contains("href=\"/jobs?environment=staging&kind=Deploy&state=Succeeded\"", second);
        Assert.DoesNotContain("deploy v26 to staging", second);

        var none = (await _page.GetAsync("/jobs?environment=production&kind=Pause&state=Interrupted")).Html;
        Assert.Contains("No job matches these filters.", none);
    }

    [Fact]
    public async Task A_failed_job_offers_retry_and_a_protected_retry_needs_the_typed_name()
    {
        var failed = await FinishedAsync(new OperationRequest(OperationKind.Pause, "production", "ana", Region: "us-east-2"), OperationState.Failed);

        var html = (await _page.GetAsync($"/jobs/{failed.Id}")).Html;
        Assert.Contains("data-testid=\"retry\"", html);
        Assert.DoesNotContain("data-testid=\"cancel\"", html);
        Assert.Contains("Failed for the test.", html);
        Assert.Contains("data-finished=\"true\"", html);
        // An ended job changes no more: no stream held open for it.
        Assert.DoesNotContain("data-live-stream", html);

        var before = await PageClient.JobCountAsync(app);
        var refused = await _page.PostAsync($"/jobs/{failed.Id}", "Retry");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.StartsWith("production is protected", PageClient.FieldError(await PageClient.HtmlAsync(refused), "retry.confirmEnvironment"));
        Assert.Equal(before, await PageClient.JobCountAsync(app));

        var retry = await _page.QueueAsync($"/jobs/{failed.Id}", "Retry", ("Retry.ConfirmEnvironment", "production"));
        var again = await PageClient.FinishedAsync(app, retry);
        Assert.Equal(failed.Id, again.Request.RetryOf);
        Assert.Equal("local-token", again.RequestedBy);
        Assert.Contains($"href=\"/jobs/{failed.Id}\"", (await _page.GetAsync($"/jobs/{retry}")).Html);
    }

    [Fact]
    public async Task Cancelling_a_queued_job_is_recorded_and_said_on_its_page()
    {
        var queued = await Store.CreateAsync(new OperationRequest(OperationKind.Resume, "staging", "ana"));
        try
        {
            var html = (await _page.GetAsync($"/jobs/{queued.Id}")).Html;
            Assert.Contains("data-testid=\"cancel\"", html);
            Assert.Contains("data-finished=\"false\"", html);
            // A job that has not ended follows its own stream; live.js only then.
            Assert.Contains($"data-live-stream=\"/live/jobs/{queued.Id}\"", html);
            Assert.Contains("/js/live.js", html);
            Assert.Contains("Queued: the first step starts when a job runner picks it up.", html);

            var response = await _page.PostAsync($"/jobs/{queued.Id}", "Cancel");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal($"/jobs/{queued.Id}", response.Headers.Location?.OriginalString);

            var after = (await _page.GetAsync($"/jobs/{queued.Id}")).Html;
            Assert.Contains("Cancel requested: the job stops at its next safe point", after);
            Assert.Contains("data-testid=\"cancel-requested\"", after);
            Assert.DoesNotContain("data-testid=\"cancel\"", after);
            Assert.True((await Store.GetAsync(queued.Id))!.CancelRequested);
        }
        finally
        {
            await Store.FinishAsync(queued.Id, OperationState.Cancelled, "Test over.");
        }

        await _page.PostAsync($"/jobs/{queued.Id}", "Cancel");
        Assert.Contains($"Job {queued.Id} was not queued or running any more, so there was nothing to cancel.", (await _page.GetAsync($"/jobs/{queued.Id}"))
            .Html);
    }

    [Fact]
    public async Task An_unknown_job_is_a_404_with_a_way_back()
    {
        var (status, html) = await _page.GetAsync("/jobs/op-000000000000");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("There is no job <code>op-000000000000</code>", html);
        Assert.Equal(HttpStatusCode.NotFound, (await _page.Http.GetAsync("/jobs/op-000000000000?handler=Live")).StatusCode);
    }
}
