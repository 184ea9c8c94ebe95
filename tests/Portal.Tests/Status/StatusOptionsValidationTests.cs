using Portal.Status;

namespace Portal.Tests.Status;

public class StatusOptionsValidationTests
{
    [Fact]
    public void Every_bad_collector_setting_is_listed_with_its_key_path()
    {
        var options = new StatusOptions
        {
            RefreshInterval = TimeSpan.FromSeconds(30),
            StaleAfter = TimeSpan.FromSeconds(10),
            Degraded5xxRate = 5,
            OperationsKept = 50,
            ProbePath = "health",
            ProbeScheme = "ftp",
        };

        var result = new Portal.Hosting.ProblemsValidator<StatusOptions>(o => o.Problems()).Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Contains(failures, f => f.StartsWith("Portal:Status:StaleAfter must be longer than RefreshInterval"));
        Assert.Contains(failures, f => f.StartsWith("Portal:Status:Degraded5xxRate must be above 0 and below 1"));
        Assert.Contains(failures, f => f.StartsWith("Portal:Status:OperationsKept must be 1-20"));
        Assert.Contains(failures, f => f.StartsWith("Portal:Status:ProbePath must start with '/'"));
        Assert.Contains(failures, f => f.StartsWith("Portal:Status:ProbeScheme must be http or https"));
        Assert.Equal(5, failures.Count);
    }

    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.True(new Portal.Hosting.ProblemsValidator<StatusOptions>(o => o.Problems()).Validate(null, new StatusOptions()).Succeeded);
    }
}
