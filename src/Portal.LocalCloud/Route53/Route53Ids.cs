using System.Security.Cryptography;

namespace Portal.LocalCloud.Route53;

/// <summary>
/// Route 53 answers with prefixed ids ("/hostedzone/Z...", "/change/C...") but takes both forms: the CLI
/// strips the prefix before sending, other SDKs may send it URL-encoded in the path.
/// </summary>
public static class Route53Ids
{
    public const string HostedZonePrefix = "/hostedzone/";
    public const string ChangePrefix = "/change/";

    public static string Bare(string id, string prefix) =>
        id.StartsWith(prefix, StringComparison.Ordinal) ? id[prefix.Length..] : id;

    /// <summary>Change ids look like AWS's: "C" and 13 upper-case letters and digits.</summary>
    public static string NewChangeId()
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        return "C" + string.Concat(Enumerable.Range(0, 13).Select(_ => alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)]));
    }
}
