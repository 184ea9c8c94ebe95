using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Operations;

namespace Portal.Tests.Pages;

/// <summary>A viewer sees every page but no action on it, and the portal refuses a viewer's post even with a valid form.</summary>
public sealed class ViewerPageTests : IAsyncLifetime
{
    private static readonly string[] ActionPages = ["/environments/staging/deploy", "/environments/staging/rebalance", "/environments/staging/pause-resume"];
    private readonly PortalApplication _app = PageClient.WithViewer(new PortalApplication());

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_viewer_sees_the_pages_without_their_action_buttons()
    {
        var viewer = await PageClient.ViewerAsync(_app);
        foreach (var url in ActionPages)
        {
            var (status, html) = await viewer.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Contains("data-testid=\"viewer-note\"", html);
            Assert.DoesNotContain("type=\"submit\" class=\"button", html);
            Assert.DoesNotContain("Input.ConfirmEnvironment", html);
        }
        var board = (await viewer.GetAsync("/?handler=Board")).Html;
        Assert.DoesNotContain("/environments/staging/deploy", board);

        var queued = await _app.Services.GetRequiredService<IOperationStore>().CreateAsync(new OperationRequest(OperationKind.Resume, "staging", "ana"));
        var job = (await viewer.GetAsync($"/jobs/{queued.Id}")).Html;
        Assert.Contains("resume staging", job);
        Assert.DoesNotContain("data-testid=\"cancel\"", job);
        await _app.Services.GetRequiredService<IOperationStore>().FinishAsync(queued.Id, OperationState.Cancelled, "Test over.");

        // An operator on the same pages gets the buttons: the test above is about the role, not the page.
        var operatorBoard = (await PageClient.Operator(_app).GetAsync("/?handler=Board")).Html;
        Assert.Contains("href=\"/environments/staging/deploy\"", operatorBoard);
    }

    [Fact]
    public async Task A_viewers_post_is_refused_with_403_and_queues_nothing()
    {
        var viewer = await PageClient.ViewerAsync(_app);

        foreach (var (url, handler, field) in new[]
        {
            ("/environments/staging/deploy", (string?)null, ("Input.ImageTag", "v2")),
            ("/environments/staging/deploy", "Rollback", ("Rollback.ConfirmEnvironment", "staging")),
            ("/environments/staging/rebalance", null, ("Input.Weights[us-east-1]", "255")),
            ("/environments/staging/rebalance", "Preview", ("Input.Weights[us-east-1]", "255")),
            ("/environments/staging/pause-resume", "Pause", ("Input.Region", "us-east-1")),
        })
        {
            var response = await viewer.PostAsync(url, handler, field);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{url} {handler} answered a viewer {(int)response.StatusCode}");
        }
        Assert.Equal(0, await PageClient.JobCountAsync(_app));
    }
}
