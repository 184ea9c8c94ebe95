using System.Security;
using System.Text.Json;

namespace Portal.LocalCloud.Protocol;

/// <summary>Writes an <see cref="AwsError"/> in the format of each protocol, as the SDKs and the AWS CLI parse it.</summary>
public static class ErrorWriter
{
    public static async Task WriteAsync(HttpContext http, AwsProtocol protocol, AwsError error)
    {
        var requestId = Guid.NewGuid().ToString();
        http.Response.StatusCode = error.StatusCode;
        http.Response.Headers["x-amzn-RequestId"] = requestId;
        switch (protocol)
        {
            case AwsProtocol.Json10 or AwsProtocol.Json11:
                http.Response.ContentType = protocol == AwsProtocol.Json10 ? "application/x-amz-json-1.0" : "application/x-amz-json-1.1";
                http.Response.Headers["x-amzn-ErrorType"] = error.Code;
                await http.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, string>
                {
                    ["__type"] = error.Code,
                    ["message"] = error.Message,
                }));
                break;
            default:
                // Route 53 (REST-XML) and CloudWatch (Query) share the ErrorResponse envelope, each in its own namespace.
                http.Response.ContentType = "text/xml";
                var ns = protocol == AwsProtocol.RestXml ? "https://route53.amazonaws.com/doc/2013-04-01/" : "http://monitoring.amazonaws.com/doc/2010-08-01/";
                await http.Response.WriteAsync(
                    $"<?xml version=\"1.0\"?>\n<ErrorResponse xmlns=\"{ns}\"><Error><Type>{(error.SenderFault ? "Sender" : "Receiver")}</Type>" +
                    $"<Code>{SecurityElement.Escape(error.Code)}</Code><Message>{SecurityElement.Escape(error.Message)}</Message></Error>" +
                    $"<RequestId>{requestId}</RequestId></ErrorResponse>");
                break;
        }
    }
}
