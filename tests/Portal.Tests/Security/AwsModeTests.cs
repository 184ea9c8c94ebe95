using System.Net;

namespace Portal.Tests.Security;

/// <summary>Production: the proxy's header signs users in; there is no local token and no password form.</summary>
public class AwsModeTests : IAsyncLifetime
{
    private readonly SecureHost _host = new(aws: true);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Without_the_proxy_header_a_browser_is_told_to_come_through_single_sign_on()
    {
        var client = _host.Anonymous();

        var response = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await client.GetStringAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("single sign-on", page);
        Assert.DoesNotContain("type=\"password\"", page);
    }

    [Fact]
    public async Task The_alb_header_signs_an_operator_in_on_the_dashboard()
    {
        var client = _host.WithAlbHeader(SecureHost.AlbToken([SecureHost.OperatorGroup]));

        var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("alb-user@example.com · Operator", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task No_local_token_works_in_aws_mode()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await _host.WithBearer(PortalApplication.LocalToken).GetAsync("/api/environments")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _host.Anonymous().GetAsync($"/signin?token={PortalApplication.LocalToken}")).StatusCode);
    }
}
