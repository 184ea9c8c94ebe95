using System.Globalization;
using System.Text;

namespace Portal.Core.Text;

/// <summary>
/// Text that came from outside (a typed tag, a URL segment, a header) on its way into a message, a log line or the
/// audit trail: cut to a bound with its full length noted, so a megabyte of input is not a megabyte of log, and with
/// every control character escaped, so a CR/LF in it cannot start a forged log line or audit entry.
/// </summary>
public static class UntrustedText
{
    /// <summary>Long enough for any real name, tag or reason; beyond it the text is noted by length.</summary>
    public const int MaxLength = 200;

    public static string Bound(string? text, int max = MaxLength)
    {
        if (text is null) return "";
        var shown = new StringBuilder(Math.Min(text.Length, max) + 32);
        for (var i = 0; i < text.Length && i < max; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\n': shown.Append("\\n"); break;
                case '\r': shown.Append("\\r"); break;
                case '\t': shown.Append("\\t"); break;
                default:
                    var paired = char.IsHighSurrogate(c) ? i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])
                        : !char.IsLowSurrogate(c) || (i > 0 && char.IsHighSurrogate(text[i - 1]));
                    // Line and paragraph separators end lines in some viewers, as CR/LF do.
                    if (char.IsControl(c) || c is '\u2028' or '\u2029' || !paired)
                        shown.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else shown.Append(c);
                    break;
            }
        }
        if (text.Length > max) shown.Append(CultureInfo.InvariantCulture, $"… ({text.Length} characters)");
        return shown.ToString();
    }

    /// <summary>In single quotes, bounded and escaped: for echoing input back in a message ("'v2\n' is not an image tag").</summary>
    public static string Quote(string? text) => "'" + Bound(text) + "'";

    /// <summary>Whether the text has a control character (C0, DEL, C1) or a line separator, none of which any name or tag may hold.</summary>
    public static bool HasControl(string text)
    {
        foreach (var c in text)
            if (char.IsControl(c) || c is '\u2028' or '\u2029') return true;
        return false;
    }
}
