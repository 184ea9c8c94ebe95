using System.Net;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Portal.Jobs;
using Portal.Tests.Security;

namespace Portal.Tests.Jobs;

/// <summary>
/// Hangfire's dashboard at /hangfire sits behind the portal's sign-in and is read-only for every role: requeue or delete
/// there would bypass the portal's records, guardrails and audit.
/// </summary>
public sealed class JobsDashboardTests : IAsyncLifetime
{
    private readonly SecureHost _host = new();
    private string _jobId = "";

    public Task InitializeAsync()
    {
        _host.Anonymous(); // starts the server
        // A job queued with no job server running (SecureHost has none): the details page would offer Requeue and Delete.
        _jobId = _host.Factory.Services.GetRequiredService<IBackgroundJobClient>()
            .Enqueue<OperationJob>(j => j.RunAsync("op-dashboard", null, CancellationToken.None));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("/hangfire")]
    [InlineData("/hangfire/jobs/enqueued")]
    [InlineData("/hangfire/recurring")]
    public async Task Anonymous_users_are_sent_to_sign_in(string path)
    {
        var response = await _host.Anonymous().GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        // The sign-in redirect is relative (issue 9): no Host header can choose where it points.
        Assert.StartsWith("/signin", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_viewer_and_an_operator_see_the_dashboard_without_requeue_or_delete()
    {
        foreach (var client in new[] { await _host.SignedInViewerAsync(), _host.Operator() })
        {
            var home = await client.GetAsync(JobsDashboard.Path);
            Assert.Equal(HttpStatusCode.OK, home.StatusCode);
            Assert.Contains("Portal jobs (Hangfire)", await home.Content.ReadAsStringAsync());

            var details = await client.GetAsync($"{JobsDashboard.Path}/jobs/details/{_jobId}");
            var html = await details.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, details.StatusCode);
            Assert.Contains("op-dashboard", html);
            Assert.DoesNotContain("/jobs/actions/requeue/", html);
            Assert.DoesNotContain("/jobs/actions/delete/", html);
        }
    }

    [Fact]
    public async Task A_viewers_post_to_the_dashboard_is_refused_like_every_viewer_post()
    {
        var response = await (await _host.SignedInViewerAsync()).PostAsync($"{JobsDashboard.Path}/jobs/actions/delete/{_jobId}", null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_requeue_or_delete_posted_to_the_dashboard_is_refused_and_changes_nothing()
    {
        foreach (var command in new[] { $"jobs/actions/requeue/{_jobId}", $"jobs/actions/delete/{_jobId}", "jobs/enqueued/delete" })
        {
            var response = await _host.Operator().PostAsync($"{JobsDashboard.Path}/{command}",
                new FormUrlEncodedContent([new("jobs[]", _jobId)]));
            Assert.False(response.IsSuccessStatusCode, $"{command} answered {(int)response.StatusCode}");
        }

        using var connection = _host.Factory.Services.GetRequiredService<JobStorage>().GetConnection();
        Assert.Equal("Enqueued", connection.GetJobData(_jobId)!.State);
    }

    [Fact]
    public async Task The_Jobs_page_links_to_the_dashboard()
    {
        var html = await (await _host.Operator().GetAsync("/jobs")).Content.ReadAsStringAsync();

        Assert.Contains($"href=\"{JobsDashboard.Path}\" data-testid=\"hangfire-dashboard\"", html);
    }
}
