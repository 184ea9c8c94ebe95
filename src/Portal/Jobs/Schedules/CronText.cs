using System.Diagnostics.CodeAnalysis;
using Cronos;

namespace Portal.Jobs.Schedules;

/// <summary>
/// Reads a schedule's cron in Cronos's dialect, the one Hangfire fires recurring jobs with: five fields are a crontab line
/// (minute first), six put seconds first. Day-of-week is 0-7 with 0 and 7 Sunday, or SUN-SAT; '?' stands for '*' in
/// day-of-month and day-of-week; L, W and # are supported. There is no year field.
/// </summary>
public static class CronText
{
    public const string Formats =
        "a 5-field crontab line (minute hour day-of-month month day-of-week, e.g. '0 20 * * 1-5') " +
        "or 6 fields with seconds first (e.g. '0 0 20 * * MON-FRI'); day-of-week 0 or 7 is Sunday, or use SUN-SAT";

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
        var fields = trimmed.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length == 7)
        {
            problem = $"'{trimmed}' has 7 fields: a year field (Quartz's 7th) has no equivalent here. " +
                $"Write the 6 fields without it ('{string.Join(' ', fields[..6])}') and disable the schedule when it should stop.";
            return false;
        }
        CronFormat? format = fields.Length switch { 5 => CronFormat.Standard, 6 => CronFormat.IncludeSeconds, _ => null };
        if (format is null)
        {
            problem = $"'{trimmed}' has {fields.Length} field{(fields.Length == 1 ? "" : "s")}; use {Formats}.";
            return false;
        }
        try
        {
            cron = CronExpression.Parse(trimmed, format.Value);
        }
        catch (CronFormatException ex)
        {
            problem = $"'{trimmed}' is not a valid {(fields.Length == 5 ? "5-field crontab line" : "6-field cron")}: {ex.Message.TrimEnd('.')}. Allowed: " +
                $"{Formats}.";
            return false;
        }
        if (cron.GetNextOccurrence(now, zone) is null)
        {
            problem = $"'{trimmed}' never fires after {now.UtcDateTime:yyyy-MM-dd HH:mm} UTC; give a cron that repeats.";
            cron = null;
            return false;
        }
        return true;
    }
}
