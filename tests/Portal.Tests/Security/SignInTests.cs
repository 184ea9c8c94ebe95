using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Portal.Security;

namespace Portal.Tests.Security;

public class SignInTests
{
    [Fact]
    public async Task The_printed_sign_in_link_signs_a_browser_in_once_and_a_fresh_link_is_printed()
    {
        var console = new StringWriter();
        await using var host = new SecureHost(app => app.With("PORTAL_LOCAL_TOKEN", null));
        using var factory = host.Factory.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            s.Replace(ServiceDescriptor.Singleton(sp => new LocalSignIn(sp.GetRequiredService<IOptions<AuthOptions>>(), enabled: true, console)))));
        factory.Services.GetRequiredService<LocalSignIn>().Announce("http://127.0.0.1:5080/");
        var link = Regex.Match(console.ToString(), @"^Sign in: (http://127\.0\.0\.1:5080/signin\?token=[A-Za-z0-9_-]{32})$", RegexOptions.Multiline)
            .Groups[1].Value;
        Assert.NotEmpty(link);
        var path = new Uri(link).PathAndQuery;

        var browser = factory.CreateClient(new() { AllowAutoRedirect = false });
        browser.DefaultRequestHeaders.Authorization = null;
        var first = await browser.GetAsync(path + "&returnUrl=%2FEnvironments");
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal("/Environments", first.Headers.Location?.OriginalString);
        Assert.Contains("local · Operator", await browser.GetStringAsync("/"));

        var second = factory.CreateClient(new() { AllowAutoRedirect = false });
        second.DefaultRequestHeaders.Authorization = null;
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.GetAsync(path)).StatusCode);
        Assert.Matches(@"Another browser can sign in with: http://127\.0\.0\.1:5080/signin\?token=", console.ToString());

        // The one-time token is a link, never a bearer.
        var script = factory.CreateClient();
        script.DefaultRequestHeaders.Authorization = new("Bearer", path.Split("token=")[1]);
        Assert.Equal(HttpStatusCode.Unauthorized, (await script.GetAsync("/api/environments")).StatusCode);
    }

    [Fact]
    public async Task A_sign_in_link_never_redirects_off_site()
    {
        await using var host = new SecureHost();

        var response = await host.Anonymous().GetAsync($"/signin?token={PortalApplication.LocalToken}&returnUrl=https%3A%2F%2Fevil.example%2F");

        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_local_user_signs_in_with_a_password_and_a_wrong_one_is_refused_without_echoing_it()
    {
        await using var host = new SecureHost();
        var viewer = await host.SignedInViewerAsync();
        Assert.Contains("vera · Viewer", await viewer.GetStringAsync("/"));

        var other = host.Anonymous();
        var wrong = await other.PostAsync("/signin", await SecureHost.SignInFormAsync(other, SecureHost.ViewerName, "hunter2-wrong-password"));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        var page = await wrong.Content.ReadAsStringAsync();
        Assert.Contains("Wrong user name or password.", page);
        Assert.DoesNotContain("hunter2-wrong-password", page);
    }

    [Fact]
    public async Task A_signed_in_user_signs_out_with_a_form_post()
    {
        await using var host = new SecureHost();
        var viewer = await host.SignedInViewerAsync();
        var page = await viewer.GetStringAsync("/");

        var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = SecureHost.AntiforgeryToken(page) });
        Assert.Equal(HttpStatusCode.Redirect, (await viewer.PostAsync("/signout", form)).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await viewer.GetAsync("/")).StatusCode);
    }

    [Fact]
    public void The_hash_helper_writes_identity_v3_hashes_that_verify()
    {
        var hash = LocalPasswords.Hash("s3cret-pass");

        Assert.True(LocalPasswords.IsWellFormed(hash));
        Assert.Equal(0x01, Convert.FromBase64String(hash)[0]);
        Assert.False(LocalPasswords.IsWellFormed("s3cret-pass"));
    }
}
