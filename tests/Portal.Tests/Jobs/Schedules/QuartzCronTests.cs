using Portal.Jobs.Schedules;

namespace Portal.Tests.Jobs.Schedules;

/// <summary>A cron the Quartz-based portal stored becomes the same schedule in Cronos's dialect: Quartz's day 1 is Sunday, Cronos's is Monday.</summary>
public class QuartzCronTests
{
    private static readonly DateTimeOffset From = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    private static string Converted(string quartz)
    {
        Assert.True(QuartzCron.TryConvert(quartz, out var converted, out var problem), problem);
        return converted;
    }

    [Theory]
    [InlineData("0 0 20 ? * 2-6", "0 0 20 ? * 1-5")]
    [InlineData("0 0 8 ? * 1,7", "0 0 8 ? * 0,6")]
    [InlineData("0 0 8 ? * 6#3", "0 0 8 ? * 5#3")]
    [InlineData("0 0 8 ? * 6L", "0 0 8 ? * 5L")]
    [InlineData("0 0 8 ? * 2/2", "0 0 8 ? * 1/2")]
    [InlineData("0 0 8 ? * L", "0 0 8 ? * 6")]
    [InlineData("0 0 20 ? * MON-FRI", "0 0 20 ? * MON-FRI")]
    [InlineData("0/3 * * * * ?", "0/3 * * * * ?")]
    [InlineData("0 0 20 ? * 2-6 *", "0 0 20 ? * 1-5")]
    [InlineData("0 20 * * 1-5", "0 20 * * 1-5")]
    public void Day_numbers_move_down_by_one_and_everything_else_is_kept(string quartz, string cronos) => Assert.Equal(cronos, Converted(quartz));

    [Fact]
    public void A_converted_weekday_cron_fires_on_the_weekdays_Quartz_fired_it()
    {
        // Quartz's 2-6 is Monday to Friday.
        Assert.True(CronText.TryParse(Converted("0 0 20 ? * 2-6"), TimeZoneInfo.Utc, From, out var cron, out _));
        var days = cron.GetOccurrences(From, From.AddDays(7), TimeZoneInfo.Utc).Select(f => f.DayOfWeek).ToList();

        Assert.Equal([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday], days);
    }

    [Fact]
    public void A_real_year_has_no_equivalent_and_the_refusal_says_what_to_write()
    {
        Assert.False(QuartzCron.TryConvert("0 30 7 ? * 7 2026-2030", out _, out var problem));

        Assert.Equal("'0 30 7 ? * 7 2026-2030' runs only in the years '2026-2030', and a year field has no equivalent here; " +
            "write '0 30 7 ? * 6' and disable the schedule when it should stop.", problem);
    }

    [Fact]
    public void A_day_number_Quartz_never_had_is_refused()
    {
        Assert.False(QuartzCron.TryConvert("0 0 8 ? * 0", out _, out var problem));
        Assert.StartsWith("'0 0 8 ? * 0' has a day-of-week '0' outside Quartz's 1-7", problem);
    }
}
