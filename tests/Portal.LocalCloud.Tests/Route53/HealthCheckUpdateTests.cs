namespace Portal.LocalCloud.Tests.Route53;

/// <summary>UpdateHealthCheck as Debian's AWS CLI v2 sends it, and what Inverted does to Route 53's routing.</summary>
public sealed class HealthCheckUpdateTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private LocalCloudHost _cloud = null!;

    public async Task InitializeAsync() => _cloud = await TestCloud.StartAsync();

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    private Task<AwsCliResult> Aws(params string[] args) => AwsCli.RunAsync(_cloud, "us-east-1", ["route53", .. args]);

    [Fact]
    public async Task Inverting_a_healthy_check_makes_route_53_treat_it_as_unhealthy_while_its_checkers_still_see_success()
    {
        var region = _cloud.Production().Regions[0];
        Assert.True(await TestCloud.Eventually(() => _cloud.IsHealthy(region), Patience));

        var result = await Aws("update-health-check", "--health-check-id", region.HealthCheckId, "--inverted", "--health-check-version", "1");

        Assert.True(result.ExitCode == 0, result.Stderr);
        var check = result.Json.GetProperty("HealthCheck");
        Assert.True(check.GetProperty("HealthCheckConfig").GetProperty("Inverted").GetBoolean());
        Assert.Equal(2, check.GetProperty("HealthCheckVersion").GetInt64());
        Assert.False(_cloud.IsHealthy(region));
        Assert.All(_cloud.Checkers(region), c => Assert.True(c.ConsidersHealthy));

        var back = await Aws("update-health-check", "--health-check-id", region.HealthCheckId, "--no-inverted");
        Assert.True(back.ExitCode == 0, back.Stderr);
        Assert.False(back.Json.GetProperty("HealthCheck").GetProperty("HealthCheckConfig").GetProperty("Inverted").GetBoolean());
        Assert.True(_cloud.IsHealthy(region));
    }

    [Fact]
    public async Task A_stale_version_is_a_version_mismatch_and_changes_nothing()
    {
        var region = _cloud.Production().Regions[1];

        var result = await Aws("update-health-check", "--health-check-id", region.HealthCheckId, "--inverted", "--health-check-version", "7");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("HealthCheckVersionMismatch", result.Stderr);
        var get = await Aws("get-health-check", "--health-check-id", region.HealthCheckId);
        Assert.False(get.Json.GetProperty("HealthCheck").GetProperty("HealthCheckConfig").GetProperty("Inverted").GetBoolean());
        Assert.Equal(1, get.Json.GetProperty("HealthCheck").GetProperty("HealthCheckVersion").GetInt64());
    }

    [Theory]
    [InlineData("--failure-threshold", "11", "between 1 and 10")]
    [InlineData("--disabled", null, "does not apply Disabled")]
    public async Task A_value_or_member_it_cannot_apply_is_invalid_input(string option, string? value, string message)
    {
        var region = _cloud.Production().Regions[1];

        var result = await Aws(["update-health-check", "--health-check-id", region.HealthCheckId, option, .. value is null ? Array.Empty<string>() : [value]]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("InvalidInput", result.Stderr);
        Assert.Contains(message, result.Stderr);
    }

    [Fact]
    public async Task An_unknown_health_check_is_no_such_health_check()
    {
        var result = await Aws("update-health-check", "--health-check-id", "00000000-0000-0000-0000-000000000000", "--inverted");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("NoSuchHealthCheck", result.Stderr);
    }
}
