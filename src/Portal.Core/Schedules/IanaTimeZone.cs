using System.Diagnostics.CodeAnalysis;
using Portal.Core.Text;

namespace Portal.Core.Schedules;

/// <summary>
/// Schedules name their time zone by IANA id (America/New_York), the one naming every platform shares. On Linux .NET also
/// resolves Windows ids ("Eastern Standard Time"); those are refused, with the IANA id to use instead, so a schedule
/// reads the same wherever the portal runs.
/// </summary>
public static class IanaTimeZone
{
    public const string Examples = "America/New_York, Europe/Berlin, Asia/Tokyo or UTC";

    public static bool TryFind(string? id, [NotNullWhen(true)] out TimeZoneInfo? zone, [NotNullWhen(false)] out string? problem)
    {
        zone = null;
        problem = null;
        var text = id?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            problem = $"A time zone is required: an IANA id such as {Examples}.";
            return false;
        }
        if (CopyOf(text) is { } canonical)
        {
            problem = $"{UntrustedText.Quote(text)} is a copy of the tz database's zone, not its id; use {canonical}.";
            return false;
        }
        try
        {
            // The lookup's case rules depend on the platform and on what it cached; the system's own list spells each id once.
            var listed = TimeZoneInfo.GetSystemTimeZones().FirstOrDefault(z => string.Equals(z.Id, text, StringComparison.OrdinalIgnoreCase));
            var found = listed ?? TimeZoneInfo.FindSystemTimeZoneById(text);
            if (found.HasIanaId)
            {
                zone = found;
                return true;
            }
            problem = TimeZoneInfo.TryConvertWindowsIdToIanaId(text, out var iana)
                ? $"{UntrustedText.Quote(text)} is a Windows time zone id; use its IANA id, {iana}."
                : $"{UntrustedText.Quote(text)} is not an IANA time zone id: use one such as {Examples}.";
        }
        // A garbled id can reach the file system lookup ("../x", a NUL): every such failure means the same to the user.
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException
            or IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            problem = $"{UntrustedText.Quote(text)} is not an IANA time zone id: use one such as {Examples}.";
        }
        return false;
    }

    /// <summary>
    /// The canonical id for the tz database's copies that Linux installs beside the real zones: "right/..." counts leap
    /// seconds (its fire times drift from civil time; .NET read right/America/New_York in December as -04:00), "posix/..."
    /// duplicates the zone, and "posixrules" is the default-rules file (New York's rules). Null when <paramref name="id"/> is not one.
    /// </summary>
    private static string? CopyOf(string id)
    {
        if (id.Equals("posixrules", StringComparison.OrdinalIgnoreCase)) return "America/New_York";
        foreach (var prefix in (string[])["right/", "posix/"])
            if (id.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                var rest = id[prefix.Length..];
                return rest.Length == 0 ? Examples : rest;
            }
        return null;
    }
}
