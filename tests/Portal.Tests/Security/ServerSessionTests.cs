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
    public async Task Sign_out_everywhere_ends_the_operators_other_session_and_is_audited()
    {
        var (first, _) = await SignInOperatorAsync();
        var (_, secondCookie) = await SignInOperatorAsync();
        var second = WithCookie(secondCookie);
        var (viewer, _) = await SignInViewerAsync();
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/api/environments")).StatusCode);

        var ended = await first.PostAsync(ServerSessions.EverywherePath, await AntiforgeryFormAsync(first));

        Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.GetAsync("/api/environments")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await first.GetAsync("/api/environments")).StatusCode);
        // Another user's session is untouched.
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/environments")).StatusCode);
        var audit = Assert.Single(await _host.Factory.Services.GetRequiredService<IAuditLog>()
            .QueryAsync(new AuditQuery(Action: AuditActions.SignOutEverywhere)));
        Assert.Equal("local", audit.Actor);
        Assert.Equal("2 session(s) ended", audit.Detail);
    }

    [Fact]
    public async Task Sign_out_everywhere_needs_an_antiforgery_token_and_a_cookie_session()
    {
        var (operatorCookie, _) = await SignInOperatorAsync();
        Assert.Equal(HttpStatusCode.BadRequest, (await operatorCookie.PostAsync(ServerSessions.EverywherePath, new FormUrlEncodedContent([]))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await operatorCookie.GetAsync("/api/environments")).StatusCode);

        var bearer = _host.WithBearer(PortalApplication.LocalToken);
        var refused = await bearer.PostAsync(ServerSessions.EverywherePath, null);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("No browser session to end", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_layout_offers_sign_out_everywhere_to_an_operator_signed_in_with_a_cookie_only()
    {
        var (operatorCookie, _) = await SignInOperatorAsync();
        Assert.Contains($"action=\"{ServerSessions.EverywherePath}\"", await operatorCookie.GetStringAsync("/"));
        var (viewer, _) = await SignInViewerAsync();
        var page = await viewer.GetStringAsync("/");
        Assert.Contains("action=\"/signout\"", page);
        Assert.DoesNotContain(ServerSessions.EverywherePath, page);
    }

    private async Task<(HttpClient Client, string Cookie)> SignInViewerAsync()
    {
        var client = _host.Anonymous();
        return (client, AuthCookie(await client.PostAsync("/signin", await SecureHost.SignInFormAsync(client, SecureHost.ViewerName,
            SecureHost.ViewerPassword))));
    }

    /// <summary>The fixed token's sign-in link: user "local", Operator.</summary>
    private async Task<(HttpClient Client, string Cookie)> SignInOperatorAsync()
    {
        var client = _host.Anonymous();
        return (client, AuthCookie(await client.GetAsync($"/signin?token={PortalApplication.LocalToken}")));
    }

    private static string AuthCookie(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("portal.auth=", StringComparison.Ordinal));
        return cookie.Split(';')[0];
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
