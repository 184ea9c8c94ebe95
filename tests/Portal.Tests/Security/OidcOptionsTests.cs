using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Portal.Security;

namespace Portal.Tests.Security;

/// <summary>Portal:Auth:Oidc as start-up binds and validates it, and the refusal codes the sign-in page explains.</summary>
public class OidcOptionsTests
{
    private static readonly Dictionary<string, string?> Complete = new()
    {
        ["Portal:Mode"] = "Aws",
        ["Portal:Auth:Oidc:Authority"] = "https://login.example.test/tenant",
        ["Portal:Auth:Oidc:ClientId"] = "portal",
        ["PORTAL_OIDC_CLIENT_SECRET"] = "from-the-environment",
        ["Portal:Auth:Oidc:RoleGroups:Operator:0"] = "platform-oncall",
    };

    private static AuthOptions Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging();
        services.AddPortalSecurity(configuration);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<AuthOptions>>().Value;
    }

    private static List<string> Problems(Dictionary<string, string?> settings) =>
        [.. Assert.Throws<OptionsValidationException>(() => Bind(settings)).Failures];

    [Fact]
    public void A_complete_configuration_signs_in_with_oidc_in_Aws_mode_without_proxy_tokens()
    {
        var options = Bind(Complete);

        Assert.True(options.Oidc.Enabled);
        Assert.Equal("from-the-environment", options.Oidc.ClientSecret);
        Assert.Equal(["Viewer", "Operator"], options.Oidc.RolesFor(["platform-oncall", "other"]));
        Assert.Empty(options.Oidc.RolesFor(["other"]));
    }

    [Fact]
    public void Every_missing_piece_is_listed_at_start_up()
    {
        var failures = Problems(new() { ["Portal:Mode"] = "Aws", ["Portal:Auth:Oidc:ClientId"] = "portal", ["Portal:Auth:Oidc:Scopes:0"] = "email" });

        foreach (var expected in new[]
        {
            "Portal:Auth:Oidc:Authority is required",
            "PORTAL_OIDC_CLIENT_SECRET (environment) is required",
            "Portal:Auth:Oidc:Scopes must include openid.",
            "Portal:Auth:Oidc:RoleGroups must map at least one group",
        })
            Assert.Contains(failures, f => f.StartsWith(expected, StringComparison.Ordinal));
        // OIDC configured: the proxy's token settings are no longer demanded.
        Assert.DoesNotContain(failures, f => f.StartsWith("Portal:Auth:Issuer, Audience", StringComparison.Ordinal));
    }

    [Fact]
    public void The_secret_is_read_from_the_environment_only_and_the_authority_must_be_https()
    {
        var settings = new Dictionary<string, string?>(Complete)
        {
            ["PORTAL_OIDC_CLIENT_SECRET"] = null,
            ["Portal:Auth:Oidc:ClientSecret"] = "in-a-settings-file",
            ["Portal:Auth:Oidc:Authority"] = "http://login.example.test/",
            ["Portal:Auth:Oidc:RoleGroups:Admin:0"] = "root",
        };

        var failures = Problems(settings);

        Assert.Contains(failures, f => f.StartsWith("PORTAL_OIDC_CLIENT_SECRET (environment) is required", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Portal:Auth:Oidc:Authority must use https", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Portal:Auth:Oidc:RoleGroups:Admin: 'Admin' is not a role", StringComparison.Ordinal));

        settings["Portal:Auth:Oidc:RequireHttpsMetadata"] = "false";
        Assert.Contains(Problems(settings), f => f.StartsWith("Portal:Auth:Oidc:Authority may be http only on loopback", StringComparison.Ordinal));
    }

    [Fact]
    public void Refusals_are_classified_for_the_sign_in_page()
    {
        Assert.Equal("issuer", OidcSignIn.Classify(new SecurityTokenInvalidIssuerException("IDX10205")));
        Assert.Equal("audience", OidcSignIn.Classify(new SecurityTokenInvalidAudienceException("IDX10214")));
        Assert.Equal("code", OidcSignIn.Classify(new OpenIdConnectProtocolException("Message contains error: 'invalid_grant', error_description: 'grant " +
            "request is invalid'")));
        Assert.Equal("expired", OidcSignIn.Classify(new AuthenticationFailureException("Correlation failed.")));
        Assert.Equal("issuer", OidcSignIn.Classify(new AuthenticationFailureException("outer", new SecurityTokenInvalidIssuerException("inner"))));
        Assert.Equal("failed", OidcSignIn.Classify(new InvalidOperationException("anything else")));
        Assert.All(new[] { "issuer", "audience", "code", "no-role", "expired", "denied", "failed" }, code
            => Assert.True(OidcSignIn.Failures.ContainsKey(code)));
    }
}
