using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Portal.LocalCloud.Protocol;

/// <summary>Temporary credentials STS issued: an ASIA… key, its secret and session token, valid until <see cref="Expiration"/>.</summary>
public sealed record IssuedCredentials(string AccessKeyId, string SecretAccessKey, string SessionToken, DateTimeOffset Expiration, string RoleArn,
    string SessionName);

/// <summary>Every temporary credential LocalCloud's STS has issued, so the signature check can accept (or expire) them.</summary>
public sealed class SessionCredentials(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, IssuedCredentials> _issued = new(StringComparer.Ordinal);

    public IssuedCredentials Issue(string roleArn, string sessionName, TimeSpan duration)
    {
        var issued = new IssuedCredentials(
            "ASIA" + Random(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"),
            Random(40, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"),
            "LocalCloudSession/" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(96)),
            time.GetUtcNow() + duration,
            roleArn,
            sessionName);
        _issued[issued.AccessKeyId] = issued;
        return issued;
    }

    public IssuedCredentials? Find(string accessKeyId) => _issued.GetValueOrDefault(accessKeyId);

    /// <summary>Ends a credential's validity now, as the passing of its expiration would (tests and the fault API).</summary>
    public bool Expire(string accessKeyId)
    {
        if (!_issued.TryGetValue(accessKeyId, out var issued)) return false;
        _issued[accessKeyId] = issued with { Expiration = time.GetUtcNow().AddSeconds(-1) };
        return true;
    }

    private static string Random(int length, string alphabet) =>
        string.Concat(Enumerable.Range(0, length).Select(_ => alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)]));
}
