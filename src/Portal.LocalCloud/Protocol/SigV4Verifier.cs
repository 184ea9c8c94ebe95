using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.Features;

namespace Portal.LocalCloud.Protocol;

/// <summary>
/// Verifies AWS Signature Version 4 on an incoming request exactly as AWS does: rebuilds the canonical
/// request from what arrived on the wire, derives the signing key from the configured secret and the
/// credential scope, and compares signatures. The region and service come from the credential scope.
/// Temporary credentials from LocalCloud's STS are accepted with their session token (X-Amz-Security-Token)
/// until they expire, as AWS accepts them.
/// </summary>
public sealed class SigV4Verifier(string accessKeyId, string secretAccessKey, string accountId, SessionCredentials sessions, TimeProvider time)
{
    private const string Algorithm = "AWS4-HMAC-SHA256";
    private static readonly TimeSpan AllowedSkew = TimeSpan.FromMinutes(15);

    public sealed record Scope(string AccessKeyId, string Date, string Region, string Service)
    {
        /// <summary>The caller's account: the long-term key's, or the account of the role a session was issued for.</summary>
        public string AccountId { get; init; } = "";
    }

    /// <summary>Returns the verified scope, or throws the error AWS would answer with (codes for <paramref name="protocol"/>).</summary>
    public Scope Verify(HttpRequest request, byte[] body, AwsProtocol protocol)
    {
        var json = protocol is AwsProtocol.Json10 or AwsProtocol.Json11;
        var authorization = request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(authorization))
            throw new AwsError(json ? "MissingAuthenticationTokenException" : "MissingAuthenticationToken", "Missing Authentication Token", 403);
        if (!authorization.StartsWith(Algorithm + " ", StringComparison.Ordinal))
            throw new AwsError(json ? "IncompleteSignatureException" : "IncompleteSignature", $"Authorization header must use {Algorithm}.", 400);

        var parts = authorization[(Algorithm.Length + 1)..]
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        if (!parts.TryGetValue("Credential", out var credential) || !parts.TryGetValue("SignedHeaders", out var signedHeaders)
            || !parts.TryGetValue("Signature", out var signature))
            throw new AwsError(json ? "IncompleteSignatureException" : "IncompleteSignature",
                "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature'.", 400);

        var scopeParts = credential.Split('/');
        if (scopeParts.Length != 5 || scopeParts[4] != "aws4_request")
            throw new AwsError(json ? "IncompleteSignatureException" : "IncompleteSignature",
                $"Credential should be scoped to a valid region, not '{credential}'.", 400);
        var scope = new Scope(scopeParts[0], scopeParts[1], scopeParts[2], scopeParts[3]);

        var (secret, account) = SecretFor(scope.AccessKeyId, request.Headers["X-Amz-Security-Token"].ToString(), json);

        var amzDate = request.Headers["X-Amz-Date"].ToString();
        if (!DateTimeOffset.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var signedAt))
            throw new AwsError(json ? "IncompleteSignatureException" : "IncompleteSignature", "X-Amz-Date must be present as yyyyMMddTHHmmssZ.", 400);
        if ((time.GetUtcNow() - signedAt).Duration() > AllowedSkew)
            throw new AwsError(json ? "InvalidSignatureException" : "SignatureDoesNotMatch",
                $"Signature expired: {amzDate} is now earlier or later than the allowed 15 minutes.", 403);
        if (!amzDate.StartsWith(scope.Date, StringComparison.Ordinal))
            throw new AwsError(json ? "InvalidSignatureException" : "SignatureDoesNotMatch",
                "Date in Credential scope does not match YYYYMMDD from X-Amz-Date.", 403);

        var canonicalRequest = CanonicalRequest(request, body, signedHeaders);
        var stringToSign = string.Join('\n', Algorithm, amzDate, $"{scope.Date}/{scope.Region}/{scope.Service}/aws4_request",
            Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secret), scope.Date);
        key = Hmac(key, scope.Region);
        key = Hmac(key, scope.Service);
        key = Hmac(key, "aws4_request");
        var expected = Hex(Hmac(key, stringToSign));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature)))
            throw new AwsError(json ? "InvalidSignatureException" : "SignatureDoesNotMatch",
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult " +
                    "the service documentation for details.", 403);
        return scope with { AccountId = account };
    }

    private (string Secret, string AccountId) SecretFor(string keyId, string sessionToken, bool json)
    {
        var invalid = new AwsError(json ? "UnrecognizedClientException" : "InvalidClientTokenId", "The security token included in the request is invalid.", json
            ? 400 : 403);
        if (string.Equals(keyId, accessKeyId, StringComparison.Ordinal))
            // A long-term key carries no session token; one sent with it names no session AWS knows.
            return sessionToken.Length == 0 ? (secretAccessKey, accountId) : throw invalid;
        if (sessions.Find(keyId) is not { } issued || !string.Equals(sessionToken, issued.SessionToken, StringComparison.Ordinal))
            throw invalid;
        if (time.GetUtcNow() >= issued.Expiration)
            throw new AwsError(json ? "ExpiredTokenException" : "ExpiredToken", "The security token included in the request is expired", json ? 400 : 403);
        return (issued.SecretAccessKey, issued.RoleArn.Split(':')[4]);
    }

    private static string CanonicalRequest(HttpRequest request, byte[] body, string signedHeaders)
    {
        var rawTarget = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path + request.QueryString;
        var queryStart = rawTarget.IndexOf('?');
        var rawPath = queryStart < 0 ? rawTarget : rawTarget[..queryStart];
        var rawQuery = queryStart < 0 ? "" : rawTarget[(queryStart + 1)..];

        var headers = signedHeaders.Split(';').Select(name =>
        {
            var value = name == "host" ? request.Host.Value ?? "" : string.Join(',', request.Headers[name].Select(v => v ?? ""));
            return $"{name}:{CollapseSpaces(value.Trim())}\n";
        });

        var payloadHash = request.Headers["X-Amz-Content-Sha256"].ToString();
        if (string.IsNullOrEmpty(payloadHash) || payloadHash.Length == 64) payloadHash = Hex(SHA256.HashData(body));

        return string.Join('\n',
            request.Method,
            CanonicalPath(rawPath),
            CanonicalQuery(rawQuery),
            string.Concat(headers),
            signedHeaders,
            payloadHash);
    }

    // Non-S3 services sign the path as sent, URI-encoded once more (so "%2F" is signed as "%252F").
    private static string CanonicalPath(string rawPath) =>
        rawPath.Length == 0 ? "/" : string.Join('/', rawPath.Split('/').Select(UriEncode));

    private static string CanonicalQuery(string rawQuery) =>
        string.Join('&', rawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Select(kv => (Key: UriEncode(Uri.UnescapeDataString(kv[0].Replace('+', ' '))),
                Value: UriEncode(Uri.UnescapeDataString(kv.Length > 1 ? kv[1].Replace('+', ' ') : ""))))
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .ThenBy(kv => kv.Value, StringComparer.Ordinal)
            .Select(kv => $"{kv.Key}={kv.Value}"));

    private static string UriEncode(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~') sb.Append(c);
            else sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    private static string CollapseSpaces(string value)
    {
        var sb = new StringBuilder(value.Length);
        var lastSpace = false;
        foreach (var c in value)
        {
            if (c == ' ') { if (!lastSpace) sb.Append(c); lastSpace = true; }
            else { sb.Append(c); lastSpace = false; }
        }
        return sb.ToString();
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
