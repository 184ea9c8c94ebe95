using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Portal.Jobs.Schedules;

/// <summary>
/// Turns a cron the Quartz-based portal stored (6 or 7 fields, seconds first) into the same schedule in Cronos's dialect.
/// Everything reads alike except day-of-week numbers: Quartz counts 1 = Sunday to 7 = Saturday, Cronos 0 = Sunday to
/// 6 = Saturday (names such as MON-FRI mean the same in both). A year field of '*' is dropped; a real year has no equivalent.
/// A 5-field crontab line was read as crontab by both and is kept as it is.
/// </summary>
public static partial class QuartzCron
{
    /// <summary>True with the converted text; false with what to write instead when there is no equivalent.</summary>
    public static bool TryConvert(string stored, [NotNullWhen(true)] out string? converted, [NotNullWhen(false)] out string? problem)
    {
        converted = null;
        problem = null;
        var fields = stored.Trim().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length is not (6 or 7))
        {
            converted = stored.Trim();
            return true;
        }
        if (fields.Length == 7 && fields[6] is not ("*" or "?"))
        {
            problem = $"'{stored.Trim()}' runs only in the years '{fields[6]}', and a year field has no equivalent here; " +
                $"write '{string.Join(' ', fields[..5])} {DayOfWeekFrom(fields[5]) ?? fields[5]}' and disable the schedule when it should stop.";
            return false;
        }
        if (DayOfWeekFrom(fields[5]) is not { } dayOfWeek)
        {
            problem = $"'{stored.Trim()}' has a day-of-week '{fields[5]}' outside Quartz's 1-7; correct it as {CronText.Formats}.";
            return false;
        }
        converted = string.Join(' ', fields[..5]) + " " + dayOfWeek;
        return true;
    }

    // Each list item's numbers before a '/' step move down by one, except a '#' occurrence count ("6#3": third Friday).
    // Quartz's lone "L" in day-of-week is Saturday (7).
    private static string? DayOfWeekFrom(string quartz)
    {
        var items = new List<string>();
        foreach (var item in quartz.Split(','))
        {
            if (item == "L")
            {
                items.Add("6");
                continue;
            }
            var slash = item.IndexOf('/');
            var head = slash < 0 ? item : item[..slash];
            var tail = slash < 0 ? "" : item[slash..];
            var valid = true;
            head = DayNumber().Replace(head, m =>
            {
                var day = int.Parse(m.Value, CultureInfo.InvariantCulture);
                if (day is < 1 or > 7) valid = false;
                return (day - 1).ToString(CultureInfo.InvariantCulture);
            });
            if (!valid) return null;
            items.Add(head + tail);
        }
        return string.Join(',', items);
    }

    [GeneratedRegex(@"(?<!#)\d+")]
    private static partial Regex DayNumber();
}
