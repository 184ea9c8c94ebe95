using Portal.Core.Time;

namespace Portal.Core.Tests.Time;

public class AgoTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(45, "45 s ago")]
    [InlineData(12 * 60, "12 min ago")]
    [InlineData(3 * 3600, "3 h ago")]
    [InlineData(30 * 86400, "30 days ago")]
    [InlineData(-5, "just now")]
    public void Ages_read_as_on_call_says_them(int secondsAgo, string expected)
    {
        Assert.Equal(expected, Ago.Format(Now.AddSeconds(-secondsAgo), Now));
    }
}
