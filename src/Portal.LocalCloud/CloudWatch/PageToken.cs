using System.Text;
using Portal.LocalCloud.Protocol;

namespace Portal.LocalCloud.CloudWatch;

/// <summary>
/// NextToken for CloudWatch's paged operations: an opaque string carrying where the next page starts
/// and a fingerprint of the request, so a token replayed against a different request is refused with
/// InvalidNextToken as CloudWatch refuses it.
/// </summary>
public static class PageToken
{
    public static string Create(string fingerprint, params long[] position) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(fingerprint + ":" + string.Join(':', position)));

    public static long[] Read(string token, string fingerprint, int positions)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split(':');
            if (parts.Length == positions + 1 && parts[0] == fingerprint)
            {
                var position = parts[1..].Select(long.Parse).ToArray();
                if (position.All(p => p >= 0)) return position;
            }
        }
        catch (FormatException) { }
        catch (OverflowException) { }
        throw new AwsError("InvalidNextToken", "The service couldn't process your request because the NextToken is invalid or expired.");
    }
}
