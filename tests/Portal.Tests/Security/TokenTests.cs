using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Portal.Security;

namespace Portal.Tests.Security;

/// <summary>The proxy's ALB header and API bearer tokens: signature, issuer, audience and expiry, with the same role mapping.</summary>
public class TokenTests : IAsyncLifetime
{
    private readonly SecureHost _host = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public static TheoryData<string> Flaws => ["forged", "expired", "wrong audience", "garbage"];

    private static string Bearer(string flaw) => flaw switch
    {
        "forged" => SecureHost.Jwt([SecureHost.OperatorGroup], key: SecureHost.ForeignKey),
        "expired" => SecureHost.Jwt([SecureHost.OperatorGroup], expiresIn: TimeSpan.FromMinutes(-10)),
        "wrong audience" => SecureHost.Jwt([SecureHost.OperatorGroup], audience: "some-other-app"),
        _ => "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.",
    };

    private static string Alb(string flaw) => flaw switch
    {
        "forged" => SecureHost.AlbToken([SecureHost.OperatorGroup], key: SecureHost.ForeignKey),
        "expired" => SecureHost.AlbToken([SecureHost.OperatorGroup], expiresIn: TimeSpan.FromMinutes(-10)),
        "wrong audience" => SecureHost.AlbToken([SecureHost.OperatorGroup], client: "some-other-app"),
        _ => "not-a-token",
    };

    [Theory, MemberData(nameof(Flaws))]
    public async Task A_bad_bearer_token_is_refused(string flaw)
    {
        var response = await _host.WithBearer(Bearer(flaw)).GetAsync("/api/environments");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory, MemberData(nameof(Flaws))]
    public async Task A_bad_alb_header_is_refused(string flaw)
    {
        var response = await _host.WithAlbHeader(Alb(flaw)).GetAsync("/api/environments");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task An_alb_header_signs_in_with_the_roles_its_groups_map_to()
    {
        var client = _host.WithAlbHeader(SecureHost.AlbToken([SecureHost.OperatorGroup]));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/environments")).StatusCode);
        var page = await client.GetStringAsync("/");
        Assert.Contains("alb-user@example.com · Operator", page);
        // Past authorization: the proxy's header comes with every browser request, so a post still needs the antiforgery token.
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync(SecureHost.MutatePath, null)).StatusCode);
    }

    [Fact]
    public async Task An_alb_viewer_sees_pages_but_may_not_act()
    {
        var client = _host.WithAlbHeader(SecureHost.AlbToken([SecureHost.ViewerGroup]));

        Assert.Contains("alb-user@example.com · Viewer", await client.GetStringAsync("/"));
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync(SecureHost.MutatePath, null)).StatusCode);
    }

    [Fact]
    public async Task The_local_token_as_a_bearer_is_operator_and_a_wrong_one_is_refused()
    {
        Assert.Equal(HttpStatusCode.OK, (await _host.WithBearer(PortalApplication.LocalToken).GetAsync("/api/environments")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _host.WithBearer("portal-tests-local-token-WRONG").GetAsync("/api/environments")).StatusCode);
    }

    [Fact]
    public async Task An_alb_key_unknown_by_id_is_fetched_once_from_the_key_url_pattern()
    {
        var alb = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var keyServer = new KeyServer(new() { ["alb-key-7"] = alb.ExportSubjectPublicKeyInfoPem() });
        await using var host = new SecureHost(
            app => app.With("Portal:Auth:KeyUrlPattern", "https://public-keys.auth.elb.us-east-1.amazonaws.com/{kid}"),
            services: s => s.AddHttpClient(TokenKeys.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => keyServer));

        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.OK, (await host.WithAlbHeader(SecureHost.AlbToken([SecureHost.ViewerGroup], key: alb, kid: "alb-key-7"))
                .GetAsync("/api/environments")).StatusCode);
        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await host.WithAlbHeader(SecureHost.AlbToken([SecureHost.ViewerGroup], key: SecureHost.ForeignKey,
                kid: "alb-key-8")).GetAsync("/api/environments")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.WithAlbHeader(SecureHost.AlbToken([SecureHost.ViewerGroup], key: alb, kid: "../../evil"))
            .GetAsync("/api/environments")).StatusCode);

        Assert.Equal(["https://public-keys.auth.elb.us-east-1.amazonaws.com/alb-key-7", "https://public-keys.auth.elb.us-east-1.amazonaws.com/alb-key-8"],
            keyServer.Requested);
    }

    /// <summary>The ALB's public key endpoint, without the network.</summary>
    private sealed class KeyServer(Dictionary<string, string> keys) : HttpMessageHandler
    {
        public List<string> Requested { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (Requested) Requested.Add(request.RequestUri!.ToString());
            return Task.FromResult(keys.TryGetValue(request.RequestUri!.Segments[^1], out var pem)
                ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(pem) }
                : new HttpResponseMessage(HttpStatusCode.NotFound));
        }
    }
}
