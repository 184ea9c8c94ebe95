using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Audit;
using Portal.Hosting;

namespace Portal.Tests.Security;

/// <summary>Guessing tokens is slow and audited as counts; a bearer header alone skips nothing; errors keep their headers.</summary>
public sealed class AccessHardeningTests : IAsyncLifetime
{
    private const string ThrowPath = "/test-only/throw";

    private readonly SecureHost _host = new(services: s => s.AddSingleton<IPortalEndpoints, ThrowingEndpoint>());

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Guessing_the_bearer_token_is_rate_limited_per_source_and_audited_as_counts()
    {
        var guesser = _host.WithBearer("guess-0001");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++) statuses.Add((await guesser.GetAsync("/api/environments")).StatusCode);

        // The sign-in limit (5 a minute by default) holds for bearer guesses too; the rest are refused unchecked.
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 5), statuses.Take(5));
        Assert.All(statuses.Skip(5), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
        var refused = (await _host.Factory.Services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery(Actor: "bearer"))).ToList();
        Assert.Equal(2, refused.Count);
        Assert.Contains(refused, e => e.Detail!.StartsWith("5 failed bearer attempts within a minute", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_invalid_bearer_header_does_not_skip_antiforgery_on_sign_out()
    {
        var client = _host.Anonymous();
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync($"/signin?token={PortalApplication.LocalToken}")).StatusCode);

        var signOut = new HttpRequestMessage(HttpMethod.Post, "/signout");
        signOut.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "not-a-token");
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(signOut)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/environments")).StatusCode);
    }

    [Fact]
    public async Task An_unhandled_exception_keeps_the_security_headers_and_shows_no_stack_trace_to_a_remote_client()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, ThrowPath);
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");

        var response = await _host.Operator().SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("default-src 'self'", Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.DoesNotContain("ThrowingEndpoint", body);
        Assert.DoesNotContain("boom for the test", body);
    }

    [Fact]
    public async Task Local_mode_answers_loopback_host_names_only_and_the_sign_in_redirect_is_relative()
    {
        var client = _host.Anonymous();
        var forged = new HttpRequestMessage(HttpMethod.Get, "/");
        forged.Headers.Host = "evil.example";
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(forged)).StatusCode);

        var redirect = await client.GetAsync("/jobs");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.StartsWith("/signin?returnUrl=", redirect.Headers.Location!.OriginalString);
    }

    private sealed class ThrowingEndpoint : IPortalEndpoints
    {
        public void Map(IEndpointRouteBuilder endpoints) =>
            endpoints.MapGet(ThrowPath, (HttpContext _) => { throw new InvalidOperationException("boom for the test"); });
    }
}
