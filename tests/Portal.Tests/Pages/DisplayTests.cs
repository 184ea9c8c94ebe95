using Portal.Core.Services;
using Portal.Pages;

namespace Portal.Tests.Pages;

/// <summary>The one way views write times, latencies, rates and operation chips.</summary>
public class DisplayTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 14, 5, 9, TimeSpan.FromHours(2));

    [Fact]
    public void Times_are_written_in_UTC_and_a_missing_time_is_a_dash()
    {
        Assert.Equal("2026-03-01 12:05:09", Display.Utc(At));
        Assert.Equal("12:05:09", Display.Clock(At));
        Assert.Equal("—", Display.Utc(null));
        Assert.Equal("—", Display.Clock(null));
    }

    [Fact]
    public void Ages_read_as_on_call_says_them()
    {
        Assert.Equal("12 min ago", Display.Age(At, At.AddMinutes(12)));
        Assert.Equal("—", Display.Age(null, At));
    }

    [Theory]
    [InlineData(4.21, "4.2 ms")]
    [InlineData(87.4, "87 ms")]
    [InlineData(1530.0, "1.5 s")]
    [InlineData(null, "—")]
    public void Latencies_keep_two_or_three_significant_digits(double? ms, string expected) => Assert.Equal(expected, Display.Ms(ms));

    [Theory]
    [InlineData(0.0123, "1.2%")]
    [InlineData(0.0, "0.0%")]
    [InlineData(null, "—")]
    public void Rates_are_percentages_with_one_decimal(double? rate, string expected) => Assert.Equal(expected, Display.Rate(rate));

    [Theory]
    [InlineData(OperationStatus.Succeeded, "ok")]
    [InlineData(OperationStatus.InProgress, "info")]
    [InlineData(OperationStatus.Pending, "info")]
    [InlineData(OperationStatus.RollbackInProgress, "busy")]
    [InlineData(OperationStatus.RollbackSucceeded, "busy")]
    [InlineData(OperationStatus.Failed, "bad")]
    public void Operation_chips_say_rollbacks_need_a_look_and_failures_are_bad(OperationStatus status, string expected) =>
        Assert.Equal(expected, Display.OperationClass(status));
}
