using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Portal.Status;
using Portal.Topology;

namespace Portal.Tests.Topology;

/// <summary>The AWS-mode appsettings example (docs/aws-mode.md, linked from the README) is what a newcomer copies: it must pass the portal's own
/// validation.</summary>
public class ReadmeExampleTests
{
    private static string ReadmeExample()
    {
        var readme = File.ReadAllText(RepositoryFiles.PathOf("README.md"));
        Assert.Contains("(docs/aws-mode.md)", readme, StringComparison.Ordinal);
        var page = File.ReadAllText(RepositoryFiles.PathOf("docs", "aws-mode.md"));
        var section = page[page.IndexOf("# AWS mode: configuration", StringComparison.Ordinal)..];
        var start = section.IndexOf("```json", StringComparison.Ordinal) + "```json".Length;
        return section[start..section.IndexOf("```", start, StringComparison.Ordinal)];
    }

    [Fact]
    public void The_readme_appsettings_example_is_a_valid_aws_mode_configuration()
    {
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(ReadmeExample()))).Build();
        var portal = configuration.GetSection(PortalOptions.Section).Get<PortalOptions>()!;
        var status = configuration.GetSection(StatusOptions.Section).Get<StatusOptions>()!;

        var portalResult = new Portal.Hosting.ProblemsValidator<PortalOptions>(o => o.Problems()).Validate(null, portal);
        var statusResult = new Portal.Hosting.ProblemsValidator<StatusOptions>(o => o.Problems()).Validate(null, status);

        Assert.True(portalResult.Succeeded, portalResult.FailureMessage);
        Assert.True(statusResult.Succeeded, statusResult.FailureMessage);
        Assert.Equal(["production", "staging"], portal.Environments.Select(e => e.Name));
        Assert.All(portal.Environments, e => Assert.Equal(["us-east-1", "us-east-2"], e.Regions.Select(r => r.Region)));
    }
}
