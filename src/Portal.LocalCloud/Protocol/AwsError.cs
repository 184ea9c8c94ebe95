namespace Portal.LocalCloud.Protocol;

/// <summary>
/// An error as AWS returns it: a code the SDKs and CLI match on, a message, an HTTP status, and whether
/// the caller (Sender) or the service (Receiver) is at fault. Thrown by handlers, written by the
/// dispatcher in the protocol's own format.
/// </summary>
public sealed class AwsError(string code, string message, int statusCode = 400, bool senderFault = true) : Exception(message)
{
    public string Code { get; } = code;
    public int StatusCode { get; } = statusCode;
    public bool SenderFault { get; } = senderFault;

    public static AwsError Validation(string code, string message) => new(code, message, 400);
}
