using Portal.LocalCloud.Protocol;

namespace Portal.LocalCloud.CloudWatch;

public sealed class CloudWatchApi : IAwsApi
{
    public string SigningName => "monitoring";
    public AwsProtocol Protocol => AwsProtocol.Query;
    public string ThrottlingCode => "Throttling";
    public bool Matches(HttpRequest request) => request.Method == "POST" && request.Path == "/" && (request.ContentType ?? "").StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);
    public Task HandleAsync(ApiRequest request) => throw new AwsError("InvalidAction", "not yet");
}
