using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Audit;
using Portal.Hosting;
using Portal.Security;

namespace Portal.Tests.Security;

/// <summary>Sessions end on the server: a copied cookie stops working when its session is signed out.</summary>
public sealed class ServerSessionTests : IAsyncLifetime
{
    private readonly SecureHost _host = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task After_sign_out_the_old_cookie_no_longer_reads_the_api_or_the_pages()
    {
        var (viewer, cookie) = await SignInViewerAsync();
        var copy = WithCookie(cookie);
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/api/environments")).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await viewer.PostAsync("/signout", await AntiforgeryFormAsync(viewer))).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await copy.GetAsync("/api/environments")).StatusCode);
        var page = await copy.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith(SecurityExtensions.SignInPath, page.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Sign_out_everywhere_ends_the_users_other_session_and_is_audited()
    {
        var (first, _) = await SignInViewerAsync();
        var (_, secondCookie) = await SignInViewerAsync();
        var second = WithCookie(secondCookie);
        var operatorCopy = _host.Operator();
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/api/environments")).StatusCode);

        var ended = await first.PostAsync(ServerSessions.EverywherePath, await AntiforgeryFormAsync(first));

        Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.GetAsync("/api/environments")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await first.GetAsync("/api/environments")).StatusCode);
        // Another user's access is untouched.
        Assert.Equal(HttpStatusCode.OK, (await operatorCopy.GetAsync("/api/environments")).StatusCode);
        var audit = Assert.Single(await _host.Factory.Services.GetRequiredService<IAuditLog>()
            .QueryAsync(new AuditQuery(Action: AuditActions.SignOutEverywhere)));
        Assert.Equal(SecureHost.ViewerName, audit.Actor);
        Assert.Equal("2 session(s) ended", audit.Detail);
    }

    [Fact]
    public async Task Sign_out_everywhere_needs_an_antiforgery_token_and_a_cookie_session()
    {
        var (viewer, _) = await SignInViewerAsync();
        Assert.Equal(HttpStatusCode.BadRequest, (await viewer.PostAsync(ServerSessions.EverywherePath, new FormUrlEncodedContent([]))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/environments")).StatusCode);

        var bearer = _host.WithBearer(PortalApplication.LocalToken);
        var refused = await bearer.PostAsync(ServerSessions.EverywherePath, null);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("No browser session to end", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_layout_offers_sign_out_everywhere_to_a_cookie_user()
    {
        var (viewer, _) = await SignInViewerAsync();
        var page = await viewer.GetStringAsync("/");
        Assert.Contains($"action=\"{ServerSessions.EverywherePath}\"", page);
    }

    private async Task<(HttpClient Client, string Cookie)> SignInViewerAsync()
    {
        var client = _host.Anonymous();
        var response = await client.PostAsync("/signin", await SecureHost.SignInFormAsync(client, SecureHost.ViewerName, SecureHost.ViewerPassword));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("portal.auth=", StringComparison.Ordinal));
        return (client, cookie.Split(';')[0]);
    }

    private HttpClient WithCookie(string cookie)
    {
        var client = _host.Anonymous();
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    private static async Task<FormUrlEncodedContent> AntiforgeryFormAsync(HttpClient client) =>
        new(new Dictionary<string, string> { ["__RequestVerificationToken"] = SecureHost.AntiforgeryToken(await client.GetStringAsync("/")) });
}
