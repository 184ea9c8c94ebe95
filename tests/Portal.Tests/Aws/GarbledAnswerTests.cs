using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Portal.Aws;
using Portal.Aws.Route53;
using Portal.Core.Health;
using Portal.Core.Metrics;
using Portal.Core.Traffic;

namespace Portal.Tests.Aws;

/// <summary>
/// An endpoint that answers 200 with whatever a test sets: what the adapters do with answers no AWS
/// service would give (a proxy's page, a truncated body, a field out of range).
/// </summary>
public sealed class FakeEndpoint : IAsyncLifetime
{
    private WebApplication _app = null!;

    public volatile string Body = "";
    public volatile int Status = 200;

    public Uri Endpoint { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.Run(async http =>
        {
            http.Response.StatusCode = Status;
            http.Response.ContentType = "text/xml";
            await http.Response.WriteAsync(Body);
        });
        await _app.StartAsync();
        Endpoint = new Uri(_app.Urls.First());
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();
}

public class GarbledAnswerTests(FakeEndpoint fake) : IClassFixture<FakeEndpoint>
{
    [Theory]
    [InlineData("<html><body>Bad gateway, but 200</body></html>", "the root element is html, expected GetHealthCheckStatusResponse")]
    [InlineData("", "the body was empty")]
    [InlineData("<GetHealthCheckStatusResponse><HealthCheckObserv", "the body is not valid XML")]
    public async Task A_garbled_health_check_answer_is_a_response_error_naming_what_is_wrong(string body, string expected)
    {
        fake.Body = body;
        fake.Status = 200;
        using var adapters = AdapterHarness.Build(fake.Endpoint);

        var error = await Assert.ThrowsAsync<AwsResponseException>(() => adapters.GetRequiredService<IHealthChecks>().GetStatusAsync("hc-1"));

        Assert.Equal("Route 53", error.Service);
        Assert.Equal("GetHealthCheckStatus", error.Operation);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public async Task A_weight_out_of_range_is_a_response_error_naming_the_field_not_a_wrong_weight()
    {
        fake.Body = """
            <ListResourceRecordSetsResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><ResourceRecordSets><ResourceRecordSet>
            <Name>app.example.com.</Name><Type>CNAME</Type><SetIdentifier>us-east-1</SetIdentifier><Weight>300</Weight><TTL>60</TTL>
            <ResourceRecords><ResourceRecord><Value>a.example.net</Value></ResourceRecord></ResourceRecords></ResourceRecordSet></ResourceRecordSets>
            <IsTruncated>false</IsTruncated><MaxItems>300</MaxItems></ListResourceRecordSetsResponse>
            """;
        fake.Status = 200;
        using var adapters = AdapterHarness.Build(fake.Endpoint);

        var error = await Assert.ThrowsAsync<AwsResponseException>(() => adapters.GetRequiredService<ITrafficRouter>()
            .GetWeightedRecordsAsync("Z1", "app.example.com."));

        Assert.Contains("ResourceRecordSet[0].Weight is '300', expected an integer from 0 to 255", error.Message);
    }

    [Fact]
    public async Task A_listing_that_never_ends_is_a_response_error_not_an_endless_loop()
    {
        fake.Body = """
            <ListResourceRecordSetsResponse><ResourceRecordSets/><IsTruncated>true</IsTruncated>
            <NextRecordName>app.example.com.</NextRecordName><NextRecordType>CNAME</NextRecordType><NextRecordIdentifier>us-east-1</NextRecordIdentifier>
            </ListResourceRecordSetsResponse>
            """;
        fake.Status = 200;
        using var adapters = AdapterHarness.Build(fake.Endpoint);

        var error = await Assert.ThrowsAsync<AwsResponseException>(() => adapters.GetRequiredService<ITrafficRouter>()
            .GetWeightedRecordsAsync("Z1", "app.example.com."));

        Assert.Contains("does not end", error.Message);
    }

    [Fact]
    public async Task Metric_results_for_queries_never_asked_for_are_a_response_error()
    {
        fake.Body = """
            <GetMetricDataResponse><GetMetricDataResult><MetricDataResults>
            <member><Id>other</Id><Timestamps/><Values/><StatusCode>Complete</StatusCode></member>
            </MetricDataResults></GetMetricDataResult></GetMetricDataResponse>
            """;
        fake.Status = 200;
        using var adapters = AdapterHarness.Build(fake.Endpoint);
        var query = new MetricQuery("requests", "AWS/AppRunner", "Requests", [], "Sum", TimeSpan.FromMinutes(1));

        var error = await Assert.ThrowsAsync<AwsResponseException>(() =>
            adapters.GetRequiredService<IMetricsSource>().GetMetricDataAsync("us-east-2", [query], DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow));

        Assert.Equal("CloudWatch", error.Service);
        Assert.Equal("us-east-2", error.Region);
        Assert.Contains("'other'", error.Message);
    }

    [Fact]
    public async Task An_unreadable_5xx_is_retried_then_a_route_53_control_plane_failure()
    {
        fake.Body = "<html>Service Unavailable</html>";
        fake.Status = 503;
        using var adapters = AdapterHarness.Build(fake.Endpoint);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => adapters.GetRequiredService<ITrafficRouter>().GetChangeAsync("/change/C1"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal("InternalFailure", error.Code);
        Assert.True(Route53Client.IsControlPlaneFailure(error));
    }
}
