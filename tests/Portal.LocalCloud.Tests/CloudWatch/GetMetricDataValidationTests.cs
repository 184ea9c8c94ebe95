using Portal.LocalCloud.CloudWatch;
using Portal.LocalCloud.Protocol;

namespace Portal.LocalCloud.Tests.CloudWatch;

/// <summary>Validation the AWS CLI never lets through (it checks required members itself), exercised on the raw Query form.</summary>
public class GetMetricDataValidationTests
{
    private const string Times = "StartTime=2026-11-21T10:00:00Z&EndTime=2026-11-21T11:00:00Z";

    private static string QueryMember(int n) =>
        $"&MetricDataQueries.member.{n}.Id=q{n}&MetricDataQueries.member.{n}.MetricStat.Metric.Namespace=AWS/AppRunner" +
        $"&MetricDataQueries.member.{n}.MetricStat.Metric.MetricName=Requests&MetricDataQueries.member.{n}.MetricStat.Period=60" +
        $"&MetricDataQueries.member.{n}.MetricStat.Stat=Sum";

    private static string CodeOf(string body) =>
        Assert.Throws<AwsError>(() => GetMetricData.Run(QueryForm.Parse("Action=GetMetricData&Version=2010-08-01&" + body), new MetricStore(), "us-east-1"))
            .Code;

    [Fact]
    public void Missing_parameters_are_named()
    {
        Assert.Equal("MissingParameter", CodeOf(Times));
        Assert.Equal("MissingParameter", CodeOf("EndTime=2026-11-21T11:00:00Z" + QueryMember(1)));
        Assert.Equal("MissingParameter", CodeOf(Times + QueryMember(1).Replace("&MetricDataQueries.member.1.MetricStat.Stat=Sum", "")));
    }

    [Fact]
    public void At_most_500_queries_per_request()
    {
        var ok = Times + string.Concat(Enumerable.Range(1, 500).Select(QueryMember));
        GetMetricData.Run(QueryForm.Parse(ok), new MetricStore(), "us-east-1");
        Assert.Equal("InvalidParameterValue", CodeOf(ok + QueryMember(501)));
    }

    [Fact]
    public void Ids_must_be_valid_and_unique()
    {
        Assert.Equal("InvalidParameterValue", CodeOf(Times + QueryMember(1).Replace("Id=q1", "Id=Q1")));
        Assert.Equal("InvalidParameterValue", CodeOf(Times + QueryMember(1) + QueryMember(2).Replace("Id=q2", "Id=q1")));
        Assert.Equal("InvalidParameterValue", CodeOf(Times + QueryMember(1) + "&ScanBy=Sideways"));
    }
}
