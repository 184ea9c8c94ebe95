using Portal.Core.Operations;
using Portal.Tests.Jobs;

namespace Portal.Tests.Pages;

/// <summary>Pausing and resuming from the page: one region or all, each a job.</summary>
public sealed class PowerPageTests : IAsyncLifetime
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
        var html = await _page.WhenAsync("/environments/staging/power", h => h.Contains(">RUNNING<"), "App Runner's status");
        Assert.Contains(">Pause us-east-2<", html);
        Assert.DoesNotContain(">Resume us-east-2<", html);
        Assert.DoesNotContain("Input.ConfirmEnvironment", html);

        var pause = await _page.QueueAsync("/environments/staging/power", "Pause", ("Input.Region", "us-east-2"));
        var paused = await PageClient.FinishedAsync(_app, pause);
        Assert.Equal(OperationState.Succeeded, paused.State);
        Assert.Equal("us-east-2", paused.Request.Region);
        var jobs = new JobsClient(_app);
        Assert.Equal("PAUSED", jobs.Service("staging", "us-east-2").Status);
        Assert.Equal("RUNNING", jobs.Service("staging", "us-east-1").Status);

        html = await _page.WhenAsync("/environments/staging/power", h => h.Contains(">Resume us-east-2<"), "us-east-2 paused");
        Assert.DoesNotContain(">Pause us-east-2<", html);

        var resume = await _page.QueueAsync("/environments/staging/power", "Resume", ("Input.Region", "us-east-2"));
        Assert.Equal(OperationState.Succeeded, (await PageClient.FinishedAsync(_app, resume)).State);
        Assert.Equal("RUNNING", jobs.Service("staging", "us-east-2").Status);
    }

    [Fact]
    public async Task Pausing_all_of_production_needs_its_name_and_then_pauses_every_region()
    {
        var id = await _page.QueueAsync("/environments/production/power", "Pause", ("Input.ConfirmEnvironment", "production"));

        var job = await PageClient.FinishedAsync(_app, id);
        Assert.Equal(OperationState.Succeeded, job.State);
        Assert.Null(job.Request.Region);
        var jobs = new JobsClient(_app);
        Assert.Equal("PAUSED", jobs.Service("production", "us-east-1").Status);
        Assert.Equal("PAUSED", jobs.Service("production", "us-east-2").Status);
    }
}
