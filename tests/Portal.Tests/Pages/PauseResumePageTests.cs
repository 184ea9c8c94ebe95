using Portal.Core.Operations;
using Portal.Tests.Jobs;

namespace Portal.Tests.Pages;

/// <summary>Pausing and resuming from the page: one region or all, each a job.</summary>
public sealed class PauseResumePageTests : IAsyncLifetime
{
    private readonly PortalApplication _app = new();
    private PageClient _page = null!;

    public Task InitializeAsync()
    {
        _page = PageClient.Operator(_app);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Pausing_one_region_then_resuming_it_offers_the_button_the_region_needs()
    {
        var html = await _page.WhenAsync("/environments/staging/pause-resume", h => h.Contains(">RUNNING<"), "App Runner's status");
        Assert.Contains(">Pause us-east-2<", html);
        Assert.DoesNotContain(">Resume us-east-2<", html);
        Assert.DoesNotContain("Input.ConfirmEnvironment", html);

        var pause = await _page.QueueAsync("/environments/staging/pause-resume", "Pause", ("Input.Region", "us-east-2"));
        var paused = await PageClient.FinishedAsync(_app, pause);
        Assert.Equal(OperationState.Succeeded, paused.State);
        Assert.Equal("us-east-2", paused.Request.Region);
        var jobs = new JobsClient(_app);
        Assert.Equal("PAUSED", jobs.Service("staging", "us-east-2").Status);
        Assert.Equal("RUNNING", jobs.Service("staging", "us-east-1").Status);

        html = await _page.WhenAsync("/environments/staging/pause-resume", h => h.Contains(">Resume us-east-2<"), "us-east-2 paused");
        Assert.DoesNotContain(">Pause us-east-2<", html);

        var resume = await _page.QueueAsync("/environments/staging/pause-resume", "Resume", ("Input.Region", "us-east-2"));
        Assert.Equal(OperationState.Succeeded, (await PageClient.FinishedAsync(_app, resume)).State);
        Assert.Equal("RUNNING", jobs.Service("staging", "us-east-2").Status);
    }

    [Fact]
    public async Task Pausing_all_of_production_needs_its_name_and_then_pauses_every_region()
    {
        var id = await _page.QueueAsync("/environments/production/pause-resume", "Pause", ("Input.ConfirmEnvironment", "production"));

        var job = await PageClient.FinishedAsync(_app, id);
        Assert.Equal(OperationState.Succeeded, job.State);
        Assert.Null(job.Request.Region);
        var jobs = new JobsClient(_app);
        Assert.Equal("PAUSED", jobs.Service("production", "us-east-1").Status);
        Assert.Equal("PAUSED", jobs.Service("production", "us-east-2").Status);
    }

    [Fact]
    public async Task The_old_power_address_redirects_permanently_to_the_pause_resume_page()
    {
        using var response = await _page.Http.GetAsync("/environments/staging/power?region=us-east-2");

        Assert.Equal(System.Net.HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("/environments/staging/pause-resume?region=us-east-2", response.Headers.Location?.OriginalString);
        var (status, html) = await _page.GetAsync(response.Headers.Location!.OriginalString);
        Assert.Equal(System.Net.HttpStatusCode.OK, status);
        Assert.Contains("Pause & resume", html);
    }
}
