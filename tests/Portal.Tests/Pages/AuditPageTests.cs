using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Audit;

namespace Portal.Tests.Pages;

/// <summary>The audit trail page: newest first, filtered by actor and action, 50 to a page.</summary>
public sealed class AuditPageTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    private readonly PageClient _page = PageClient.Operator(app);

    private static int Rows(string html) => html.Split("<tr data-action=").Length - 1;

    [Fact]
    public async Task A_deploy_from_the_page_is_on_the_audit_trail_with_who_what_and_a_link_to_its_job()
    {
        var id = await _page.QueueAsync("/environments/staging/deploy", null, ("Input.ImageTag", "v2"));
        await PageClient.FinishedAsync(app, id);

        // The job's own end is audited as it finishes, after the request.
        var html = await _page.WhenAsync("/audit?action=deploy", h => h.Contains("<tr data-action=\"deploy\" data-outcome=\"succeeded\">"), "the deploy's end");
        var row = html[html.IndexOf("<tr data-action=\"deploy\" data-outcome=\"queued\">", StringComparison.Ordinal)..];
        row = row[..row.IndexOf("</tr>", StringComparison.Ordinal)];
        Assert.Contains("<td data-label=\"Actor\">local-token</td>", row);
        Assert.Contains("deploy v2 to staging", row);
        Assert.Contains($"staging <a class=\"mono\" href=\"/jobs/{id}\">{id}</a>", row);
        Assert.Contains("status-info\">queued<", row);
        Assert.True(html.IndexOf("data-outcome=\"succeeded\"", StringComparison.Ordinal) < html.IndexOf("data-outcome=\"queued\"", StringComparison.Ordinal),
            "not newest first");
    }

    [Fact]
    public async Task Filters_by_actor_and_action_and_pages_older_entries()
    {
        var audit = app.Services.GetRequiredService<IAuditLog>();
        var actor = $"auditor-{Guid.NewGuid():N}"[..16];
        var start = DateTimeOffset.UtcNow.AddMinutes(-10);
        for (var i = 0; i < 52; i++)
            await audit.RecordAsync(new AuditEvent(start.AddSeconds(i), actor, AuditActions.Pause, AuditOutcomes.Refused, "10.0.0.7", "production",
                $"entry {i:00}"));
        await audit.RecordAsync(new AuditEvent(start, actor, AuditActions.Resume, AuditOutcomes.Queued, "10.0.0.7", "production", "the resume"));

        var first = (await _page.GetAsync($"/audit?actor={actor}&action=pause")).Html;
        Assert.Equal(50, Rows(first));
        Assert.Contains("entry 51", first);
        Assert.DoesNotContain("the resume", first);
        Assert.True(first.IndexOf("entry 51", StringComparison.Ordinal) < first.IndexOf("entry 50", StringComparison.Ordinal), "not newest first");
        Assert.Contains($"href=\"/audit?actor={actor}&action=pause&pageNumber=2\"", first);

        var second = (await _page.GetAsync($"/audit?actor={actor}&action=pause&pageNumber=2")).Html;
        Assert.Equal(2, Rows(second));
        Assert.Contains("entry 00", second);
        Assert.DoesNotContain("rel=\"next\"", second);
        Assert.Contains("rel=\"prev\"", second);

        var resumes = (await _page.GetAsync($"/audit?actor={actor}&action=resume")).Html;
        Assert.Equal(1, Rows(resumes));
        Assert.Contains("the resume", resumes);
        Assert.DoesNotContain("data-testid=\"pager\"", resumes);
    }
}
