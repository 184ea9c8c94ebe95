using Portal.Core.Time;

namespace Portal.Core.Tests.Time;

public class ElapsedTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(45, "45 s")]
    [InlineData(192, "3 min 12 s")]
    [InlineData(7500, "2 h 5 min")]
    [InlineData(-3, "0 s")]
    public void Durations_keep_the_next_unit(int seconds, string expected)
    {
        Assert.Equal(expected, Elapsed.Format(TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void A_running_job_counts_so_far_and_one_not_started_has_no_duration()
    {
        Assert.Equal("1 min 30 s so far", Elapsed.Between(Start, null, Start.AddSeconds(90)));
        Assert.Equal("20 s", Elapsed.Between(Start, Start.AddSeconds(20), Start.AddHours(1)));
        Assert.Equal("—", Elapsed.Between(null, null, Start));
    }
}
