using System.Net;

namespace Portal.Tests.Security;

/// <summary>
/// An oauth2-proxy style front: the proxy passes the IdP's JWT in its own header (X-Forwarded-Access-Token), and
/// the portal verifies it exactly as it verifies a bearer token: signature, issuer, audience, expiry, groups.
/// </summary>
public sealed class OAuth2ProxyHeaderTests : IAsyncLifetime
{
    private const string Header = "X-Forwarded-Access-Token";
    private readonly SecureHost _host = new(app => app.With("Portal:Auth:ProxyHeader", Header));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private HttpClient WithProxyHeader(string token)
    {
        var client = _host.Anonymous();
        client.DefaultRequestHeaders.Add(Header, token);
        return client;
    }

    [Fact]
    public async Task The_proxy_header_signs_in_with_the_roles_its_groups_map_to()
    {
        var operatorClient = WithProxyHeader(SecureHost.Jwt([SecureHost.OperatorGroup]));
        Assert.Equal(HttpStatusCode.OK, (await operatorClient.GetAsync("/api/environments")).StatusCode);
        Assert.Contains("· Operator", await operatorClient.GetStringAsync("/"));

        var viewerClient = WithProxyHeader(SecureHost.Jwt([SecureHost.ViewerGroup]));
        Assert.Contains("· Viewer", await viewerClient.GetStringAsync("/"));
        Assert.Equal(HttpStatusCode.Forbidden, (await viewerClient.PostAsync(SecureHost.MutatePath, null)).StatusCode);
    }

    [Theory]
    [InlineData("forged")]
    [InlineData("expired")]
    [InlineData("wrong audience")]
    public async Task A_bad_proxy_token_is_refused(string flaw)
    {
        var token = flaw switch
        {
            "forged" => SecureHost.Jwt([SecureHost.OperatorGroup], key: SecureHost.ForeignKey),
            "expired" => SecureHost.Jwt([SecureHost.OperatorGroup], expiresIn: TimeSpan.FromMinutes(-10)),
            _ => SecureHost.Jwt([SecureHost.OperatorGroup], audience: "some-other-app"),
        };
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithProxyHeader(token).GetAsync("/api/environments")).StatusCode);
    }

    [Fact]
    public async Task The_alb_header_means_nothing_when_the_proxy_header_is_another()
    {
        var client = _host.WithAlbHeader(SecureHost.AlbToken([SecureHost.OperatorGroup]));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/environments")).StatusCode);
    }
}
