using System.Net;
using Portal.Core.Audit;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.Tests.Security;

public class HardeningTests : IAsyncLifetime
{
    private readonly SecureHost _host = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("/")]
    [InlineData("/api/environments")]
    [InlineData("/css/site.css")]
    public async Task Security_headers_are_on_pages_the_api_and_static_files(string url)
    {
        var response = await _host.Operator().GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        foreach (var directive in new[] { "default-src 'self'", "script-src 'self';", "style-src 'self';", "frame-ancestors 'none'", "form-action 'self'",
            "base-uri 'self'" })
            Assert.Contains(directive, csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.False(response.Headers.Contains("Strict-Transport-Security"), "HSTS over plain HTTP");
    }

    [Fact]
    public async Task Hsts_is_sent_when_the_proxy_says_the_browser_used_https()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        request.Headers.Add("X-Forwarded-Proto", "https");

        var response = await _host.Anonymous().SendAsync(request);

        Assert.Contains("max-age=", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")));
    }

    [Fact]
    public async Task A_form_post_without_the_antiforgery_token_is_refused()
    {
        var client = _host.Anonymous();
        var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Username"] = SecureHost.ViewerName,
            ["Input.Password"] = SecureHost.ViewerPassword });

        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/signin", form)).StatusCode);
    }

    [Fact]
    public async Task An_operator_signed_in_by_cookie_still_needs_the_antiforgery_token_on_any_post()
    {
        var client = _host.Anonymous();
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync($"/signin?token={PortalApplication.LocalToken}")).StatusCode);

        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync(SecureHost.MutatePath, null)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/signout", null)).StatusCode);
    }

    [Fact]
    public async Task Cookies_are_http_only_and_same_site()
    {
        var client = _host.Anonymous();
        var response = await client.GetAsync($"/signin?token={PortalApplication.LocalToken}");

        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("portal.auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Sign_in_attempts_are_limited_per_client_with_429_and_retry_after()
    {
        var client = _host.Anonymous();
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/signin?token=guess-" + i)).StatusCode);

        var refused = await client.GetAsync("/signin?token=guess-5");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/signin")).StatusCode); // showing the form is no attempt
    }

    [Fact]
    public async Task Every_sign_in_is_audited_with_identity_and_outcome_and_no_secret_reaches_the_log()
    {
        var secrets = new List<string> { PortalApplication.LocalToken, SecureHost.ViewerPassword };
        var jwt = SecureHost.Jwt([SecureHost.ViewerGroup]);
        var alb = SecureHost.AlbToken([SecureHost.OperatorGroup]);
        var expired = SecureHost.Jwt([SecureHost.OperatorGroup], expiresIn: TimeSpan.FromMinutes(-5));
        var forged = SecureHost.AlbToken([SecureHost.OperatorGroup], key: SecureHost.ForeignKey);
        secrets.AddRange(new[] { jwt, alb, expired, forged }.SelectMany(t => new[] { t, t.Split('.')[2].TrimEnd('=') }));

        await _host.Operator().GetAsync("/api/environments");
        await _host.SignedInViewerAsync();
        var wrong = _host.Anonymous();
        await wrong.PostAsync("/signin", await SecureHost.SignInFormAsync(wrong, SecureHost.ViewerName, SecureHost.ViewerPassword + "x"));
        await _host.Anonymous().GetAsync($"/signin?token={PortalApplication.LocalToken}");
        await _host.WithBearer(jwt).GetAsync("/api/environments");
        await _host.WithAlbHeader(alb).GetAsync("/");
        await _host.WithBearer(expired).GetAsync("/api/environments");
        await _host.WithAlbHeader(forged).GetAsync("/api/environments");

        var audit = await _host.Factory.Services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery());
        Assert.Contains(audit, e => e is { Action: AuditActions.SignIn, Outcome: AuditOutcomes.Succeeded, Actor: SecureHost.ViewerName });
        Assert.Contains(audit, e => e is { Action: AuditActions.SignIn, Outcome: AuditOutcomes.Refused, Actor: SecureHost.ViewerName });
        Assert.Contains(audit, e => e is { Action: AuditActions.SignIn, Outcome: AuditOutcomes.Succeeded, Actor: "local" });
        Assert.Contains(audit, e => e is { Action: AuditActions.SignIn, Outcome: AuditOutcomes.Succeeded, Actor: "olga@example.com" });
        Assert.Contains(audit, e => e is { Action: AuditActions.SignIn, Outcome: AuditOutcomes.Succeeded, Actor: "alb-user@example.com" });
        Assert.True(audit.Count(e => e.Outcome == AuditOutcomes.Refused) >= 3, string.Join('\n', audit));

        var log = _host.Logs.Entries.ToList();
        Assert.Contains(log, l => l.Contains("Audit: sign-in refused for vera", StringComparison.Ordinal));
        foreach (var secret in secrets)
            Assert.DoesNotContain(log, l => l.Contains(secret, StringComparison.Ordinal));
        foreach (var entry in audit)
            Assert.DoesNotContain(secrets, s => entry.ToString().Contains(s, StringComparison.Ordinal));
    }
}
