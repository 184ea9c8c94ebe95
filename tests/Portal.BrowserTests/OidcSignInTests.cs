using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Portal.BrowserTests;

/// <summary>
/// The real OpenID provider and three portals: one configured as an operator would, and two pointed at discovery
/// documents that hand out tokens from another issuer and for another audience.
/// </summary>
public sealed class OidcSignInFixture : IAsyncLifetime
{
    public OidcProvider Provider { get; private set; } = null!;
    public PortalServer Portal { get; private set; } = null!;
    public PortalServer WrongIssuerPortal { get; private set; } = null!;
    public PortalServer WrongAudiencePortal { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        int[] ports = [OidcProvider.FreePort(), OidcProvider.FreePort(), OidcProvider.FreePort()];
        Provider = await OidcProvider.StartAsync(ports);
        Portal = await StartPortalAsync(ports[0], Provider.Issuer, trafficPerSecond: "20");
        WrongIssuerPortal = await StartPortalAsync(ports[1], Provider.WrongIssuerAuthority, trafficPerSecond: "0");
        WrongAudiencePortal = await StartPortalAsync(ports[2], Provider.WrongAudienceAuthority, trafficPerSecond: "0");
    }

    private static async Task<PortalServer> StartPortalAsync(int port, Uri authority, string trafficPerSecond)
    {
        var server = new PortalServer(port, new Dictionary<string, string?>
        {
            ["Portal:Auth:Oidc:Authority"] = authority.ToString().TrimEnd('/'),
            ["Portal:Auth:Oidc:ClientId"] = OidcProvider.ClientId,
            ["PORTAL_OIDC_CLIENT_SECRET"] = OidcProvider.ClientSecret,
            ["Portal:Auth:Oidc:Scopes:0"] = "openid",
            ["Portal:Auth:Oidc:Scopes:1"] = "email",
            ["Portal:Auth:Oidc:Scopes:2"] = "groups",
            ["Portal:Auth:Oidc:RoleGroups:Operator:0"] = "platform-oncall",
            ["Portal:Auth:Oidc:RoleGroups:Viewer:0"] = "engineering",
            ["Portal:Auth:Oidc:DisplayName"] = "Example SSO",
            ["Portal:Auth:Oidc:RequireHttpsMetadata"] = "false",
            ["LocalCloud:TrafficRatePerSecond"] = trafficPerSecond,
        });
        await server.InitializeAsync();
        return server;
    }

    public async Task DisposeAsync()
    {
        foreach (var portal in new[] { Portal, WrongIssuerPortal, WrongAudiencePortal })
            if (portal is not null) await ((IAsyncLifetime)portal).DisposeAsync();
        if (Provider is not null) await Provider.DisposeAsync();
    }
}

/// <summary>Signing in with OpenID Connect in Chromium: roles from the groups claim, sign-out at both ends, and every refusal readable.</summary>
public sealed class OidcSignInTests(OidcSignInFixture oidc) : IClassFixture<OidcSignInFixture>
{
    private static Task ShotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ResultFile(name), FullPage = true, Timeout = 90_000 });

    private static string At(PortalServer portal, string path) => new Uri(portal.BaseUrl, path).ToString();

    /// <summary>From the portal's sign-in page through the provider's login form; returns the portal URL the browser came back to.</summary>
    private static async Task SignInAtProviderAsync(IPage page, PortalServer portal, string login, string? shot = null)
    {
        await page.GotoAsync(At(portal, "/"));
        await Expect(page).ToHaveURLAsync(new Regex("/signin"));
        await page.ClickAsync("[data-testid=signin-oidc]");
        await page.WaitForSelectorAsync("input[name=login]");
        await page.FillAsync("input[name=login]", login);
        await page.FillAsync("input[name=password]", "any password: the test provider's development login");
        if (shot is not null) await ShotAsync(page, shot);
        await page.ClickAsync("button[type=submit]");
        // Back at the portal once its URL commits; what the page then shows is checked by auto-waiting assertions.
        // Waiting for the load event as well timed out once on a loaded machine with the page already there.
        await page.WaitForURLAsync(url => url.StartsWith(portal.BaseUrl.ToString(), StringComparison.Ordinal),
            new() { WaitUntil = WaitUntilState.Commit, Timeout = 60_000 });
    }

    [Fact]
    public async Task An_operator_signs_in_acts_and_signs_out_at_both_ends_and_a_viewer_sees_no_action_buttons()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var problems = new List<string>();
        page.Console += (_, m) => { if (m.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) problems.Add(m.Text); };

        await page.GotoAsync(At(oidc.Portal, "/"));
        await ShotAsync(page, "oidc-1-portal-signin.png");
        await SignInAtProviderAsync(page, oidc.Portal, "olivia", shot: "oidc-2-provider-login.png");
        await Expect(page.Locator("[data-testid=user]")).ToHaveTextAsync("olivia@example.com · Operator");
        await ShotAsync(page, "oidc-3-signed-in-operator.png");

        // An operator sees the deploy button and uses it.
        await page.GotoAsync(At(oidc.Portal, "/environments/staging/deploy"));
        await Expect(page.Locator("[data-testid=current-images] tr[data-region=us-east-2]")).ToContainTextAsync("RUNNING", new() { Timeout = 30_000 });
        await page.FillAsync("#imageTag", "v2");
        await page.ClickAsync("[data-testid=deploy]");
        await Expect(page).ToHaveURLAsync(new Regex("/jobs/op-[0-9a-f]+$"));
        await Expect(page.Locator("[data-testid=job-state]")).ToHaveTextAsync("Succeeded", new() { Timeout = 60_000 });
        await page.GotoAsync(At(oidc.Portal, "/audit"));
        await Expect(page.Locator("[data-testid=audit] tr[data-action=deploy][data-outcome=succeeded]")).ToContainTextAsync("olivia@example.com");

        // Sign-out ends the portal's session and, through end_session_endpoint, the provider's.
        await page.ClickAsync("form.signout:not(.signout-everywhere) button");
        await page.WaitForURLAsync(url => url.StartsWith(oidc.Provider.Issuer.ToString(), StringComparison.Ordinal));
        await ShotAsync(page, "oidc-4-provider-signout.png");
        await page.ClickAsync("button[name=logout]");
        await Expect(page.Locator("[data-testid=signed-out]")).ToBeVisibleAsync();
        await page.GotoAsync(At(oidc.Portal, "/environments/staging/deploy"));
        await Expect(page).ToHaveURLAsync(new Regex("/signin"));
        await page.ClickAsync("[data-testid=signin-oidc]");
        await Expect(page.Locator("input[name=login]")).ToBeVisibleAsync();

        // A viewer, in the same browser now that the provider's session is gone.
        await page.FillAsync("input[name=login]", "victor");
        await page.FillAsync("input[name=password]", "any");
        await page.ClickAsync("button[type=submit]");
        await Expect(page.Locator("[data-testid=user]")).ToHaveTextAsync("victor@example.com · Viewer");
        await page.GotoAsync(At(oidc.Portal, "/environments/staging/deploy"));
        await Expect(page.Locator("[data-testid=current-images] tr[data-region=us-east-2]")).ToContainTextAsync("RUNNING", new() { Timeout = 30_000 });
        await Expect(page.Locator("[data-testid=deploy]")).ToHaveCountAsync(0);
        await ShotAsync(page, "oidc-5-signed-in-viewer.png");
        Assert.Empty(problems);
    }

    [Fact]
    public async Task A_user_whose_groups_map_to_no_role_is_refused_with_a_readable_page()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        await SignInAtProviderAsync(page, oidc.Portal, "mallory");
        await Expect(page.Locator("[data-testid=signin-error]")).ToContainTextAsync("none of your groups is mapped to a portal role");
        await Expect(page.Locator("[data-testid=user]")).ToHaveCountAsync(0);
        await ShotAsync(page, "oidc-refused-no-role.png");
    }

    /// <summary>
    /// The browser's sign-in done hop by hop with the context's own request client (its cookies are the browser's), up
    /// to the provider's redirect back to the portal: that URL, not followed.
    /// </summary>
    private static async Task<string> CallbackUrlAsync(IAPIRequestContext api, PortalServer portal, string login)
    {
        var url = At(portal, $"{Security.OidcSignIn.ChallengePath}?returnUrl=%2F");
        for (var hop = 0; hop < 10; hop++)
        {
            var answer = await api.GetAsync(url, new() { MaxRedirects = 0 });
            if (answer.Status == 200)
            {
                // The provider's login form: post it as the browser would.
                var action = Regex.Match(await answer.TextAsync(), "action=\"([^\"]+)\"").Groups[1].Value;
                answer = await api.PostAsync(new Uri(new Uri(url), action).ToString(), new()
                {
                    MaxRedirects = 0,
                    Form = api.CreateFormData().Set("prompt", "login").Set("login", login).Set("password", "any"),
                });
            }
            var location = answer.Headers.GetValueOrDefault("location")
                ?? throw new InvalidOperationException($"{url} answered {answer.Status} without a redirect");
            url = new Uri(new Uri(url), location).ToString();
            if (url.StartsWith(At(portal, "/signin-oidc?"), StringComparison.Ordinal)) return url;
        }
        throw new InvalidOperationException("The provider never redirected back to the portal.");
    }

    [Fact]
    public async Task A_replayed_code_is_refused()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        var first = await browser.NewPageAsync();
        string? callback = null;
        first.Request += (_, r) => { if (r.Url.Contains("/signin-oidc?", StringComparison.Ordinal)) callback = r.Url; };
        await SignInAtProviderAsync(first, oidc.Portal, "olivia");
        await Expect(first.Locator("[data-testid=user]")).ToHaveTextAsync("olivia@example.com · Operator");
        Assert.NotNull(callback);
        var usedCode = System.Web.HttpUtility.ParseQueryString(new Uri(callback).Query)["code"];

        // A fresh browser signs in on its own (its own state, nonce and PKCE verifier), but the used code comes back.
        await using var context = await browser.NewContextAsync();
        var second = await context.NewPageAsync();
        var callbackUrl = new UriBuilder(await CallbackUrlAsync(context.APIRequest, oidc.Portal, "olivia"));
        var query = System.Web.HttpUtility.ParseQueryString(callbackUrl.Query);
        Assert.NotEqual(usedCode, query["code"]);
        query["code"] = usedCode;
        callbackUrl.Query = query.ToString();
        await second.GotoAsync(callbackUrl.Uri.ToString());
        await Expect(second.Locator("[data-testid=signin-error]")).ToContainTextAsync("already used or has expired");
        await Expect(second.Locator("[data-testid=user]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_token_from_another_issuer_is_refused_with_a_readable_page()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        await SignInAtProviderAsync(page, oidc.WrongIssuerPortal, "olivia");
        await Expect(page.Locator("[data-testid=signin-error]")).ToContainTextAsync("issuer this portal does not trust");
        await Expect(page.Locator("[data-testid=user]")).ToHaveCountAsync(0);
        await ShotAsync(page, "oidc-refused-issuer.png");
    }

    [Fact]
    public async Task A_token_for_another_audience_is_refused_with_a_readable_page()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        await SignInAtProviderAsync(page, oidc.WrongAudiencePortal, "olivia");
        await Expect(page.Locator("[data-testid=signin-error]")).ToContainTextAsync("issued for another application");
        await Expect(page.Locator("[data-testid=user]")).ToHaveCountAsync(0);
    }
}
