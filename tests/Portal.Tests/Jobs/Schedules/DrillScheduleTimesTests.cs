using Portal.Core.Drills;
using Portal.Core.Schedules;
using Portal.Jobs.Schedules;

namespace Portal.Tests.Jobs.Schedules;

/// <summary>When a drill schedule fires: the cron on its zone's wall clock, daylight saving included.</summary>
public class DrillScheduleTimesTests
{
    private static DrillSchedule Schedule(string cron, string zone) =>
        new("d-1", "staging", "us-east-2", DrillKind.Evacuate, null, cron, zone, true, DateTimeOffset.UnixEpoch, "olga");

    [Fact]
    public void The_first_Tuesday_of_the_month_at_10_in_Berlin_follows_the_zones_offset()
    {
        var now = new DateTimeOffset(2026, 12, 4, 23, 0, 0, TimeSpan.Zero);
        var times = DrillScheduleTimes.Read(Schedule("0 10 ? * TUE#1", "Europe/Berlin"), now, out var problem)!;

        Assert.Null(problem);
        // Winter (CET, +01:00) then summer (CEST, +02:00 from 28 March 2027): 10:00 local is 09:00 then 08:00 UTC.
        Assert.Equal(
        [
            new DateTimeOffset(2027, 1, 5, 9, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 2, 2, 9, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2027, 3, 2, 9, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 4, 6, 8, 0, 0, TimeSpan.Zero),
        ], times.Next(new DateTimeOffset(2026, 12, 4, 23, 0, 0, TimeSpan.Zero), 4).Select(f => f.ToUniversalTime()));
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero), times.LatestAtOrBefore(new DateTimeOffset(2026, 12, 4, 23, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void A_stored_schedule_whose_zone_no_longer_reads_has_no_times_and_says_why()
    {
        Assert.Null(DrillScheduleTimes.Read(Schedule("0 10 ? * TUE#1", "Mars/Olympus"), DateTimeOffset.UnixEpoch, out var problem));
        Assert.Contains("Mars/Olympus", problem);
    }
}
