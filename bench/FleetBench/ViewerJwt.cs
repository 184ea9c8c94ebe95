using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace FleetBench;

/// <summary>
/// The identity provider of the run: an ES256 key whose public half the portals trust (Portal:Auth:SigningKeys) and
/// a bearer token for the Viewer group, as the portal's Aws mode expects from a real provider.
/// </summary>
internal sealed class ViewerJwt : IDisposable
{
    public const string Issuer = "https://fleetbench.invalid/";
    public const string Audience = "fleetbench";
    public const string ViewerGroup = "fleet-viewers";
    public const string KeyId = "fleetbench-1";

    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public string PublicKeyPem => _key.ExportSubjectPublicKeyInfoPem();

    public Dictionary<string, string> PortalSettings() => new()
    {
        ["Portal__Auth__Issuer"] = Issuer,
        ["Portal__Auth__Audience"] = Audience,
        ["Portal__Auth__SigningKeys__0__KeyId"] = KeyId,
        ["Portal__Auth__SigningKeys__0__Pem"] = PublicKeyPem,
        ["Portal__Auth__RoleGroups__Viewer__0"] = ViewerGroup,
    };

    public string Token(TimeSpan lifetime)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = Encode(JsonSerializer.SerializeToUtf8Bytes(new { alg = "ES256", typ = "JWT", kid = KeyId }));
        var payload = Encode(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["iss"] = Issuer, ["aud"] = Audience, ["sub"] = "fleetbench", ["email"] = "fleetbench@example.com",
            ["groups"] = new[] { ViewerGroup }, ["iat"] = now, ["nbf"] = now, ["exp"] = now + (long)lifetime.TotalSeconds,
        }));
        var signature = _key.SignData(Encoding.ASCII.GetBytes($"{header}.{payload}"), HashAlgorithmName.SHA256,
            DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return $"{header}.{payload}.{Encode(signature)}";
    }

    private static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public void Dispose() => _key.Dispose();
}
