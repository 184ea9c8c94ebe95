using Portal.Live;

namespace Portal.Tests.Live;

public sealed class LiveOptionsTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.Empty(new LiveOptions().Problems());
    }

    [Fact]
    public void Each_bad_setting_is_named_with_what_is_allowed()
    {
        var problems = new LiveOptions
        {
            Heartbeat = TimeSpan.FromSeconds(90),
            Retry = TimeSpan.Zero,
            MaxStreamsPerUser = 0,
            JobCheckInterval = TimeSpan.FromMinutes(5),
        }.Problems().ToList();

        Assert.Equal(4, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("Portal:Live:Heartbeat must be between 00:00:01 and 00:00:55", StringComparison.Ordinal)
            && p.Contains("(got 00:01:30)"));
        Assert.Contains(problems, p => p.StartsWith("Portal:Live:Retry must be between", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Portal:Live:MaxStreamsPerUser must be 1-10000 (got 0)", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Portal:Live:JobCheckInterval must be between", StringComparison.Ordinal));
    }
}
