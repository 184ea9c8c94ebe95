using System.Runtime.CompilerServices;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace Portal.Aws;

/// <summary>
/// The primary handler of every signed AWS client: signs each request with the credentials <see cref="AwsTransport"/>
/// chose for it (<see cref="CredentialsKey"/>), through the SDK's SigV4 signer. The SDK's handler takes one credential
/// set for its lifetime, so there is one per credential set, all sending through one connection pool.
/// </summary>
public sealed class AccountSigningHandler(string signingName, Func<AWSCredentials> fallback, HttpMessageHandler transport) : HttpMessageHandler
{
    public static readonly HttpRequestOptionsKey<AWSCredentials> CredentialsKey = new("Portal.Aws.Credentials");

    // Keyed weakly: a credential set nobody references any more (a replaced test double) takes its signer with it.
    private readonly ConditionalWeakTable<AWSCredentials, HttpMessageInvoker> _signers = [];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var credentials = request.Options.TryGetValue(CredentialsKey, out var chosen) ? chosen : fallback();
        var signer = _signers.GetValue(credentials, c => new HttpMessageInvoker(new SigV4SigningHandler(c, RegionEndpoint.USEast1, signingName, transport),
            disposeHandler: false));
        return signer.SendAsync(request, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) transport.Dispose();
        base.Dispose(disposing);
    }
}
