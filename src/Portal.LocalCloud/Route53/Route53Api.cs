using Portal.LocalCloud.Protocol;

namespace Portal.LocalCloud.Route53;

public sealed class Route53Api : IAwsApi
{
    public string SigningName => "route53";
    public AwsProtocol Protocol => AwsProtocol.RestXml;
    public string ThrottlingCode => "Throttling";
    public bool Matches(HttpRequest request) => request.Path.StartsWithSegments("/2013-04-01");
    public Task HandleAsync(ApiRequest request) => throw new AwsError("InvalidAction", "not yet");
}
