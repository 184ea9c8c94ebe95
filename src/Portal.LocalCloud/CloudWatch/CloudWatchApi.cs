using Portal.LocalCloud.World;
using Portal.LocalCloud.Protocol;

namespace Portal.LocalCloud.CloudWatch;

/// <summary>CloudWatch's Query API (2010-08-01): the two read operations a dashboard needs.</summary>
public sealed class CloudWatchApi(MetricStore store, SimClock clock, CloudWorld world) : IAwsApi
{
    public string SigningName => "monitoring";
    public AwsProtocol Protocol => AwsProtocol.Query;
    public string ThrottlingCode => "Throttling";

    public bool Matches(HttpRequest request) => request.Method == "POST" && request.Path == "/" && (request.ContentType ?? "")
        .StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);

    public Task HandleAsync(ApiRequest request)
    {
        var form = QueryForm.Parse(request.BodyText);
        // Another account's metrics do not exist for this caller: no data, as CloudWatch answers for an unknown metric.
        var accounts = new MetricAccounts(world);
        bool sees(MetricKey key) => accounts.Sees(request.AccountId, key);
        return request.Operation switch
        {
            "GetMetricData" => QueryXml.WriteAsync(request.Http, "GetMetricData", GetMetricData.Run(form, store, request.Region, sees).Write),
            "ListMetrics" => QueryXml.WriteAsync(request.Http, "ListMetrics", ListMetrics.Run(form, store, request.Region, clock.Now, sees).Write),
            null => throw new AwsError("MissingAction", "The request must contain the parameter Action."),
            var other => throw new AwsError("InvalidAction", $"The action {other} is not valid for this web service (LocalCloud serves GetMetricData and " +
                $"ListMetrics)."),
        };
    }
}
