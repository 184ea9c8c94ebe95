using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Portal.Security;

namespace Portal.Tests.Security;

/// <summary>
/// Every endpoint the app maps, read from its own endpoint data source: a page or action added later is held to
/// the same rules without anyone adding it here.
/// </summary>
public class EndpointProtectionTests : IAsyncLifetime
{
    private static readonly string[] Mutating = [HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete];
    private readonly SecureHost _host = new();

    public Task InitializeAsync()
    {
        _host.Anonymous(); // starts the server, so the routes are built
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private IReadOnlyList<RouteEndpoint> Endpoints() =>
        [.. _host.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()];

    private static string Url(RouteEndpoint e) =>
        "/" + Regex.Replace(e.RoutePattern.RawText?.TrimStart('/') ?? "", @"\{[^}]*\}", "production");

    private static bool IsAnonymous(RouteEndpoint e) => e.Metadata.GetMetadata<IAllowAnonymous>() is not null;

    /// <summary>Pages take any method (handlers decide); other endpoints say which.</summary>
    private static IReadOnlyList<string> Methods(RouteEndpoint e) =>
        e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } methods ? [.. methods] : [HttpMethods.Get, HttpMethods.Post];

    [Fact]
    public void Only_the_documented_endpoints_allow_anonymous_access()
    {
        var anonymous = Endpoints().Where(IsAnonymous).Select(Url).Distinct().Order().ToList();

        Assert.Equal([.. SecurityExtensions.AnonymousEndpoints.Order()], anonymous);
    }

    [Fact]
    public async Task Every_other_endpoint_refuses_an_anonymous_request_401_for_the_api_and_the_sign_in_page_for_pages()
    {
        var client = _host.Anonymous();
        var checkedRoutes = 0;
        foreach (var endpoint in Endpoints().Where(e => !IsAnonymous(e)))
        foreach (var method in Methods(endpoint))
        {
            var url = Url(endpoint);
            using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url));
            if (url.StartsWith("/api/", StringComparison.Ordinal))
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {url} answered {(int)response.StatusCode}, not 401");
            else
            {
                Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{method} {url} answered {(int)response.StatusCode}, not a redirect to sign in");
                Assert.StartsWith("/signin?returnUrl=", response.Headers.Location?.OriginalString);
            }
            checkedRoutes++;
        }
        Assert.True(checkedRoutes >= 6, $"only {checkedRoutes} routes were found");
    }

    [Fact]
    public async Task A_viewer_gets_403_from_every_mutating_endpoint_by_bearer_and_by_cookie()
    {
        var bearer = _host.WithBearer(SecureHost.Jwt([SecureHost.ViewerGroup]));
        var cookie = await _host.SignedInViewerAsync();
        var mutating = Endpoints().Where(e => !IsAnonymous(e)).SelectMany(e => Methods(e).Intersect(Mutating).Select(m => (Method: m, Url: Url(e)))).ToList();
        Assert.Contains((HttpMethods.Post, SecureHost.MutatePath), mutating);

        foreach (var (method, url) in mutating)
        foreach (var client in new[] { bearer, cookie })
        {
            using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url));
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {url} answered a viewer {(int)response.StatusCode}, not 403");
        }
    }

    [Fact]
    public async Task A_viewer_reads_and_an_operator_acts()
    {
        var viewer = _host.WithBearer(SecureHost.Jwt([SecureHost.ViewerGroup]));
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/environments")).StatusCode);

        var operatorByToken = _host.WithBearer(SecureHost.Jwt(["some-other-group", SecureHost.OperatorGroup]));
        var response = await operatorByToken.PostAsync(SecureHost.MutatePath, null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("mutated", await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, (await _host.Operator().PostAsync(SecureHost.MutatePath, null)).StatusCode);
    }

    [Fact]
    public async Task A_signed_in_user_whose_groups_grant_no_role_is_refused()
    {
        var nobody = _host.WithBearer(SecureHost.Jwt(["marketing"]));

        Assert.Equal(HttpStatusCode.Forbidden, (await nobody.GetAsync("/api/environments")).StatusCode);
    }
}
