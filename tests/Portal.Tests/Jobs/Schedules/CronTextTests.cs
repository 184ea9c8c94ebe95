using Portal.Jobs.Schedules;

namespace Portal.Tests.Jobs.Schedules;

/// <summary>A cron is read by its field count: five as crontab, six or seven as Quartz; every refusal says which formats are allowed.</summary>
public class CronTextTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private static string Problem(string text)
    {
        Assert.False(CronText.TryParse(text, NewYork, Now, out _, out var problem));
        return problem;
    }

    [Fact]
    public void Five_fields_read_as_crontab_with_its_day_numbers()
    {
        // Crontab's 1-5 is Monday to Friday; read as Quartz it would be Sunday to Thursday.
        Assert.True(CronText.TryParse("0 20 * * 1-5", NewYork, Now, out var cron, out _));
        Assert.Equal("0 0 20 ? * MON-FRI", cron.CronExpressionString);
        Assert.Equal(NewYork, cron.TimeZone);
    }

    [Theory]
    [InlineData("0 0 20 ? * MON-FRI")]
    [InlineData("0/2 * * * * ?")]
    [InlineData("0 30 7 ? * SAT 2026-2030")]
    public void Six_or_seven_fields_read_as_Quartz(string text)
    {
        Assert.True(CronText.TryParse(text, NewYork, Now, out var cron, out _));
        Assert.Equal(text, cron.CronExpressionString);
    }

    [Fact]
    public void A_wrong_number_of_fields_names_both_formats()
    {
        Assert.Equal("'* * *' has 3 fields; use " + CronText.Formats + ".", Problem("* * *"));
        Assert.Contains("5-field crontab line (minute hour day-of-month month day-of-week, e.g. '0 20 * * 1-5')", CronText.Formats);
        Assert.Contains("Quartz cron of 6 or 7 fields (seconds first, e.g. '0 0 20 ? * MON-FRI')", CronText.Formats);
    }

    [Fact]
    public void A_bad_value_says_what_is_wrong_in_which_format()
    {
        var problem = Problem("0 25 * * *");

        Assert.StartsWith("'0 25 * * *' is not a valid 5-field crontab line: ", problem);
        Assert.Contains("between 0 and 23", problem);
        Assert.EndsWith("Allowed: " + CronText.Formats + ".", problem);
        Assert.StartsWith("'0 0 20 ? * FUNDAY' is not a valid Quartz cron: ", Problem("0 0 20 ? * FUNDAY"));
    }

    [Fact]
    public void An_empty_cron_is_required_and_one_that_never_fires_is_refused()
    {
        Assert.Equal("A cron expression is required: " + CronText.Formats + ".", Problem("  "));
        Assert.Equal("'0 0 0 30 2 ?' never fires after 2026-03-02 12:00 UTC; give a cron that repeats.", Problem("0 0 0 30 2 ?"));
    }
}
