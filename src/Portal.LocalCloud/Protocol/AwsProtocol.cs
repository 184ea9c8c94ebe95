namespace Portal.LocalCloud.Protocol;

/// <summary>The wire protocols LocalCloud speaks; each has its own request shape and error format.</summary>
public enum AwsProtocol
{
    /// <summary>POST /, X-Amz-Target, application/x-amz-json-1.0 (App Runner, DynamoDB).</summary>
    Json10,

    /// <summary>As JSON 1.0 with application/x-amz-json-1.1 (ECR).</summary>
    Json11,

    /// <summary>REST paths, XML bodies, ErrorResponse envelope (Route 53).</summary>
    RestXml,

    /// <summary>Form-encoded Action=...&amp;Version=..., XML responses (CloudWatch).</summary>
    Query,
}
