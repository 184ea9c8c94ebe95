using System.Diagnostics.CodeAnalysis;
using Quartz;

namespace Portal.Jobs.Schedules;

/// <summary>
/// Reads a schedule's cron as typed: five fields are a crontab line (minute first, day-of-week 0-7 with 0 and 7 Sunday),
/// six or seven are Quartz's own form (seconds first, optional year). The field count decides, so "0 20 * * 1-5" means
/// weekdays at 20:00 as it would in crontab, not Quartz's differently numbered days.
/// </summary>
public static class CronText
{
    public const string Formats =
        "a 5-field crontab line (minute hour day-of-month month day-of-week, e.g. '0 20 * * 1-5') " +
        "or a Quartz cron of 6 or 7 fields (seconds first, e.g. '0 0 20 ? * MON-FRI')";

    public static bool TryParse(string? text, TimeZoneInfo zone, DateTimeOffset now,
        [NotNullWhen(true)] out CronExpression? cron, [NotNullWhen(false)] out string? problem)
    {
        cron = null;
        problem = null;
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            problem = $"A cron expression is required: {Formats}.";
            return false;
        }
        var fields = trimmed.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        CronFormat? format = fields switch { 5 => CronFormat.Unix, 6 or 7 => CronFormat.Quartz, _ => null };
        if (format is null)
        {
            problem = $"'{trimmed}' has {fields} field{(fields == 1 ? "" : "s")}; use {Formats}.";
            return false;
        }
        try
        {
            cron = CronExpression.Parse(trimmed, format.Value).WithTimeZone(zone);
        }
        catch (FormatException ex)
        {
            problem = $"'{trimmed}' is not a valid {(fields == 5 ? "5-field crontab line" : "Quartz cron")}: {ex.Message.TrimEnd('.')}. Allowed: {Formats}.";
            return false;
        }
        if (cron.GetNextValidTimeAfter(now) is null)
        {
            problem = $"'{trimmed}' never fires after {now.UtcDateTime:yyyy-MM-dd HH:mm} UTC; give a cron that repeats.";
            cron = null;
            return false;
        }
        return true;
    }
}
