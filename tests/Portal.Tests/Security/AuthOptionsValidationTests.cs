using Portal.Hosting;
using Portal.Security;

namespace Portal.Tests.Security;

public class AuthOptionsValidationTests
{
    [Fact]
    public void Aws_mode_without_token_settings_is_refused()
    {
        var result = new ProblemsValidator<AuthOptions>(o => o.Problems(localMode: false)).Validate(null, new AuthOptions());

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith("Portal:Auth:Issuer, Audience, SigningKeys", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_problem_is_listed_with_its_key_path()
    {
        var options = new AuthOptions
        {
            LocalToken = "short",
            SignInAttemptsPerMinute = 0,
            Issuer = "https://idp.example.test/",
            SigningKeys = [new SigningKeyOptions { KeyId = "k1", Pem = "not a key" }],
            KeyUrlPattern = "http://keys.example/",
            RoleGroups = new(StringComparer.OrdinalIgnoreCase) { ["Admin"] = ["x"] },
            LocalUsers = [new LocalUserOptions { Username = "ann", PasswordHash = "plain-text-password", Roles = ["Root"] }],
        };

        var failures = new ProblemsValidator<AuthOptions>(o => o.Problems(localMode: true)).Validate(null, options).Failures!.ToList();

        foreach (var expected in new[]
        {
            "Portal:Auth:SignInAttemptsPerMinute must be at least 1",
            "PORTAL_LOCAL_TOKEN must be at least 16 characters.",
            "Portal:Auth:LocalUsers:0:PasswordHash must be a hash",
            "Portal:Auth:LocalUsers:0:Roles: 'Root' is not a role",
            "Portal:Auth:Audience is required",
            "Portal:Auth:SigningKeys:0:Pem is not a PEM public key",
            "Portal:Auth:KeyUrlPattern must be an https URL containing {kid}.",
            "Portal:Auth:RoleGroups:Admin: 'Admin' is not a role",
        })
            Assert.Contains(failures, f => f.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Operator_implies_viewer_and_groups_map_to_roles()
    {
        var options = new AuthOptions { RoleGroups = new(StringComparer.OrdinalIgnoreCase) { ["Operator"] = ["oncall"], ["Viewer"] = ["eng"] } };

        Assert.Equal(["Viewer", "Operator"], options.RolesFor(["oncall"]));
        Assert.Equal(["Viewer"], options.RolesFor(["eng", "other"]));
        Assert.Empty(options.RolesFor(["other"]));
    }
}
