using System.Net;
using Portal.Core.Operations;

namespace Portal.Tests.Pages;

/// <summary>The Drills page and a drill's report page, and the Deploy page's canary plan, against LocalCloud.</summary>
public sealed class DrillsPageTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    private readonly PageClient _page = PageClient.Operator(app);

    [Fact]
    public async Task An_operator_starts_a_drill_from_the_page_and_reads_its_report()
    {
        var id = await _page.QueueAsync("/drills", null, ("Input.Environment", "staging"), ("Input.Kind", "HealthCheck"),
            ("Input.Region", "us-east-1"), ("Input.Hold", "00:00:01"));

        var job = await PageClient.FinishedAsync(app, id);
        Assert.True(job.State == OperationState.Succeeded, job.Outcome);
        var list = (await _page.GetAsync("/drills")).Html;
        Assert.Contains("drill: health-check failover of us-east-1 of staging (hold 1 s)", list);
        Assert.Contains($"/api/drills/{id}/report.md", list);
        var (status, report) = await _page.GetAsync($"/drills/{id}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("data-testid=\"drill-verdict\">Pass<", report);
        Assert.Contains("us-east-1's health check un-inverted", report);
    }

    [Fact]
    public async Task A_bad_hold_is_refused_next_to_its_field_and_nothing_is_queued()
    {
        var response = await _page.PostAsync("/drills", null, ("Input.Environment", "staging"), ("Input.Kind", "Evacuate"),
            ("Input.Region", "us-east-1"), ("Input.Hold", "soon"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("is not a duration", PageClient.FieldError(await PageClient.HtmlAsync(response), "hold"));
    }

    [Fact]
    public async Task The_deploy_page_shows_the_canary_plan_before_submit()
    {
        var html = (await _page.GetAsync("/environments/staging/deploy")).Html;

        Assert.Contains("data-testid=\"canary-plan\"", html);
        Assert.Contains("Lower us-east-1's weight so Route 53 sends it 10% of the traffic", html);
        Assert.Contains("Fail: roll us-east-1 back to its previous image and restore its weight; us-east-2 is not touched.", html);
    }
}
