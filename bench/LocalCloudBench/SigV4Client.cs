using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LocalCloudBench;

/// <summary>Just enough SigV4 to time a real API call against LocalCloud (POST /, JSON or form body).</summary>
internal sealed class SigV4Client(HttpClient http, Uri endpoint, string accessKey, string secretKey)
{
    public async Task<int> PostAsync(string region, string service, string contentType, string body, string? target = null)
    {
        var now = DateTimeOffset.UtcNow;
        var amzDate = now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = amzDate[..8];
        var host = endpoint.Authority;
        var payloadHash = Hex(SHA256.HashData(Encoding.UTF8.GetBytes(body)));
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["content-type"] = contentType, ["host"] = host,
            ["x-amz-date"] = amzDate };
        if (target is not null) headers["x-amz-target"] = target;
        var signedHeaders = string.Join(';', headers.Keys);
        var canonical = string.Join('\n', "POST", "/", "", string.Concat(headers.Select(h => $"{h.Key}:{h.Value}\n")), signedHeaders, payloadHash);
        var scope = $"{date}/{region}/{service}/aws4_request";
        var toSign = string.Join('\n', "AWS4-HMAC-SHA256", amzDate, scope, Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))));
        var key = Hmac(Hmac(Hmac(Hmac(Encoding.UTF8.GetBytes("AWS4" + secretKey), date), region), service), "aws4_request");

        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        if (target is not null) request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        request.Headers.TryAddWithoutValidation("Authorization", $"AWS4-HMAC-SHA256 Credential={accessKey}/{scope}, SignedHeaders={signedHeaders}, " +
            $"Signature={Hex(Hmac(key, toSign))}");
        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        return (int)response.StatusCode;
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
