using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Audit;
using Portal.Core.Operations;

namespace Portal.Tests.Pages;

/// <summary>
/// Forms the portal refuses: each reason shows next to its field, in the JSON API's words, and nothing is queued.
/// No test here queues anything, so the portal's job list stays empty throughout.
/// </summary>
public sealed class RefusedFormTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    private readonly PageClient _page = PageClient.Operator(app);

    private async Task<string> RefusedAsync(string pageUrl, string? handler, params (string, string)[] fields)
    {
        var response = await _page.PostAsync(pageUrl, handler, fields);
        var html = await PageClient.HtmlAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{pageUrl} answered {(int)response.StatusCode}:\n{html}");
        Assert.Contains("Nothing was queued", html);
        Assert.Equal(0, await PageClient.JobCountAsync(app));
        return html;
    }

    [Fact]
    public async Task A_tag_that_is_not_a_tag_is_refused_next_to_the_image_tag_field()
    {
        var html = await RefusedAsync("/environments/staging/deploy", null, ("Input.ImageTag", "v2:latest"));

        Assert.StartsWith("'v2:latest' is not an image tag", PageClient.FieldError(html, "imageTag"));
        Assert.Contains("aria-invalid=\"true\" aria-describedby=\"imageTag-error\"", html);
        Assert.Contains("value=\"v2:latest\"", html);
    }

    [Fact]
    public async Task An_empty_tag_is_refused_with_an_example()
    {
        var html = await RefusedAsync("/environments/staging/deploy", null, ("Input.ImageTag", " "));

        Assert.Equal("An image tag is required, e.g. v2.", PageClient.FieldError(html, "imageTag"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Production")]
    [InlineData("staging")]
    public async Task Production_is_not_deployed_without_its_name_typed_exactly(string typed)
    {
        var html = await RefusedAsync("/environments/production/deploy", null, ("Input.ImageTag", "v2"), ("Input.ConfirmEnvironment", typed));

        Assert.Equal("production is protected: type its name, 'production', to confirm this action.", PageClient.FieldError(html, "confirmEnvironment"));
        Assert.Null(PageClient.FieldError(html, "imageTag"));
        // The typed name is never put back: typing it is the confirmation.
        Assert.DoesNotContain($"name=\"Input.ConfirmEnvironment\" value=", html);
    }

    [Fact]
    public async Task Production_is_not_rolled_back_paused_or_rebalanced_without_its_name()
    {
        // No deployment on record, so the page offers no rollback form: the refusal is in the summary.
        var rollback = await RefusedAsync("/environments/production/deploy", "Rollback");
        Assert.Contains("production is protected", PageClient.ErrorSummary(rollback));
        Assert.Null(PageClient.FieldError(rollback, "confirmEnvironment"));

        var pause = await RefusedAsync("/environments/production/pause-resume", "Pause", ("Input.Region", "us-east-2"));
        Assert.StartsWith("production is protected", PageClient.FieldError(pause, "confirmEnvironment"));

        var rebalance = await RefusedAsync("/environments/production/rebalance", null, ("Input.Weights[us-east-1]", "200"), ("Input.Weights[us-east-2]", "56"));
        Assert.StartsWith("production is protected", PageClient.FieldError(rebalance, "confirmEnvironment"));

        var refusals = await app.Services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery(Action: AuditActions.Pause));
        Assert.Contains(refusals, e => e.Outcome == AuditOutcomes.Refused && e.Actor == "local-token" && e.Target == "production");
    }

    [Fact]
    public async Task Staging_rolls_back_only_after_a_deployment_the_portal_has_on_record()
    {
        var page = (await _page.GetAsync("/environments/staging/deploy")).Html;
        Assert.Contains("data-testid=\"no-rollback\"", page);
        Assert.DoesNotContain("data-testid=\"rollback\"", page);

        var html = await RefusedAsync("/environments/staging/deploy", "Rollback");
        Assert.Contains("<li>The portal has no record of a deployment of staging, so there is no previous image to return to.</li>",
            PageClient.ErrorSummary(html));
    }

    [Fact]
    public async Task All_zero_weights_need_the_explicit_confirmation_which_explains_what_all_zero_means()
    {
        var html = await RefusedAsync("/environments/staging/rebalance", null, ("Input.Weights[us-east-1]", "0"), ("Input.Weights[us-east-2]", "0"));

        Assert.Equal($"Every weight is 0. {RebalanceGuardrails.AllZeroExplanation} Set allowAllZero to confirm.", PageClient.FieldError(html, "allowAllZero"));
        Assert.Contains(RebalanceGuardrails.AllZeroExplanation, html[html.IndexOf("id=\"allowAllZero\"", StringComparison.Ordinal)..]);
    }

    [Fact]
    public async Task A_weight_that_is_not_a_whole_number_0_to_255_is_refused_next_to_its_region()
    {
        var html = await RefusedAsync("/environments/staging/rebalance", null, ("Input.Weights[us-east-1]", "abc"), ("Input.Weights[us-east-2]", "128"));
        Assert.Equal("The weight for us-east-1 must be a whole number 0-255 (got 'abc').", PageClient.FieldError(html, "weights.us-east-1"));
        Assert.Null(PageClient.FieldError(html, "weights.us-east-2"));

        var tooHigh = await RefusedAsync("/environments/staging/rebalance", null, ("Input.Weights[us-east-1]", "300"), ("Input.Weights[us-east-2]", "128"));
        Assert.Equal("Weight 300 is outside 0-255 (Route 53's range).", PageClient.FieldError(tooHigh, "weights.us-east-1"));

        var missing = await RefusedAsync("/environments/staging/rebalance", null, ("Input.Weights[us-east-1]", "128"));
        Assert.Equal("A weight (0-255) for us-east-2 is required: every region of staging gets one.", PageClient.FieldError(missing, "weights.us-east-2"));
    }

    [Fact]
    public async Task An_unknown_environment_is_a_404_that_lists_the_known_ones()
    {
        foreach (var action in new[] { "deploy", "rebalance", "pause-resume" })
        {
            var (status, html) = await _page.GetAsync($"/environments/nowhere/{action}");
            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.Contains("There is no environment named <code>nowhere</code>", html);
            Assert.Contains($"href=\"/environments/production/{action}\"", html);
        }
        Assert.Equal(0, await PageClient.JobCountAsync(app));
    }
}
