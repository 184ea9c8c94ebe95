using Portal.Jobs.Schedules;

namespace Portal.Tests.Jobs.Schedules;

/// <summary>A cron is read in Cronos's dialect (Hangfire's): five fields as crontab, six with seconds first; every refusal says which formats are
/// allowed.</summary>
public class CronTextTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero); // a Monday
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private static string Problem(string text)
    {
        Assert.False(CronText.TryParse(text, NewYork, Now, out _, out var problem));
        return problem;
    }

    private static DateTimeOffset NextLocal(string text)
    {
        Assert.True(CronText.TryParse(text, NewYork, Now, out var cron, out var problem), problem);
        return TimeZoneInfo.ConvertTime(cron.GetNextOccurrence(Now, NewYork)!.Value, NewYork);
    }

    [Theory]
    [InlineData("0 20 * * 1-5")]
    [InlineData("0 0 20 * * 1-5")]
    [InlineData("0 0 20 ? * MON-FRI")]
    public void Day_of_week_1_is_Monday_in_five_and_six_fields(string text)
    {
        var next = NextLocal(text);

        Assert.Equal((DayOfWeek.Monday, 20, 0), (next.DayOfWeek, next.Hour, next.Minute));
    }

    [Theory]
    [InlineData("0 9 * * 0")]
    [InlineData("0 9 * * 7")]
    [InlineData("0 0 9 * * SUN")]
    public void Sunday_is_0_7_or_SUN(string text) => Assert.Equal(DayOfWeek.Sunday, NextLocal(text).DayOfWeek);

    [Fact]
    public void A_year_field_is_refused_saying_what_to_write_instead()
    {
        Assert.Equal("'0 30 7 ? * SAT 2026-2030' has 7 fields: a year field (Quartz's 7th) has no equivalent here. " +
            "Write the 6 fields without it ('0 30 7 ? * SAT') and disable the schedule when it should stop.", Problem("0 30 7 ? * SAT 2026-2030"));
    }

    [Fact]
    public void A_wrong_number_of_fields_names_both_formats()
    {
        Assert.Equal("'* * *' has 3 fields; use " + CronText.Formats + ".", Problem("* * *"));
        Assert.Contains("5-field crontab line (minute hour day-of-month month day-of-week, e.g. '0 20 * * 1-5')", CronText.Formats);
        Assert.Contains("6 fields with seconds first (e.g. '0 0 20 * * MON-FRI'); day-of-week 0 or 7 is Sunday", CronText.Formats);
    }

    [Fact]
    public void A_bad_value_says_what_is_wrong_in_which_format()
    {
        var problem = Problem("0 25 * * *");

        Assert.StartsWith("'0 25 * * *' is not a valid 5-field crontab line: ", problem);
        Assert.EndsWith("Allowed: " + CronText.Formats + ".", problem);
        Assert.StartsWith("'0 0 20 ? * FUNDAY' is not a valid 6-field cron: ", Problem("0 0 20 ? * FUNDAY"));
    }

    [Fact]
    public void An_empty_cron_is_required_and_one_that_never_fires_is_refused()
    {
        Assert.Equal("A cron expression is required: " + CronText.Formats + ".", Problem("  "));
        Assert.Equal("'0 0 0 30 2 ?' never fires after 2026-03-02 12:00 UTC; give a cron that repeats.", Problem("0 0 0 30 2 ?"));
    }
}
