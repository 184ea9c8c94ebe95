using System.Net;
using Portal.Aws;
using Portal.Aws.CloudWatch;
using Portal.Aws.Route53;
using Portal.Core.Traffic;

namespace Portal.Tests.Aws;

/// <summary>Parsing of Route 53 (REST-XML) and CloudWatch (Query) answers, shaped as the examples in AWS's API references, and of broken ones.</summary>
public class XmlWireParsingTests
{
    // GetHealthCheckStatus, as in the Route 53 API reference's example (IPAddress before Region, as AWS writes it).
    private const string HealthCheckStatus = """
        <?xml version="1.0" encoding="UTF-8"?>
        <GetHealthCheckStatusResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">
           <HealthCheckObservations>
              <HealthCheckObservation>
                 <IPAddress>192.0.2.197</IPAddress>
                 <Region>us-east-1</Region>
                 <StatusReport>
                    <Status>Success: HTTP Status Code: 200. Resolved IP: 192.0.2.2. OK</Status>
                    <CheckedTime>2014-10-27T17:48:16.751Z</CheckedTime>
                 </StatusReport>
              </HealthCheckObservation>
              <HealthCheckObservation>
                 <IPAddress>192.0.2.10</IPAddress>
                 <Region>us-west-1</Region>
                 <StatusReport>
                    <Status
                    >Failure: Connection timed out. The endpoint or the internet connection is down, or requests are being blocked by your firewall.</Status>
                    <CheckedTime>2014-10-27T17:48:25.038Z</CheckedTime>
                 </StatusReport>
              </HealthCheckObservation>
           </HealthCheckObservations>
        </GetHealthCheckStatusResponse>
        """;

    // ListResourceRecordSets: weighted records of one name, truncated after the first, as the API reference describes paging.
    private const string RecordSets = """
        <?xml version="1.0" encoding="UTF-8"?>
        <ListResourceRecordSetsResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">
           <ResourceRecordSets>
              <ResourceRecordSet>
                 <Name>www.example.com.</Name>
                 <Type>CNAME</Type>
                 <SetIdentifier>us-east-1</SetIdentifier>
                 <Weight>200</Weight>
                 <TTL>60</TTL>
                 <ResourceRecords>
                    <ResourceRecord><Value>abc.us-east-1.awsapprunner.com</Value></ResourceRecord>
                 </ResourceRecords>
                 <HealthCheckId>abcdef11-2222-3333-4444-555555fedcba</HealthCheckId>
              </ResourceRecordSet>
              <ResourceRecordSet>
                 <Name>www.example.com.</Name>
                 <Type>A</Type>
                 <AliasTarget>
                    <HostedZoneId>Z2FDTNDATAQYW2</HostedZoneId>
                    <DNSName>d123.cloudfront.net.</DNSName>
                    <EvaluateTargetHealth>false</EvaluateTargetHealth>
                 </AliasTarget>
              </ResourceRecordSet>
           </ResourceRecordSets>
           <IsTruncated>true</IsTruncated>
           <MaxItems>2</MaxItems>
           <NextRecordName>www.example.com.</NextRecordName>
           <NextRecordType>CNAME</NextRecordType>
           <NextRecordIdentifier>us-east-2</NextRecordIdentifier>
        </ListResourceRecordSetsResponse>
        """;

    // GetChange, as in the Route 53 API reference's example.
    private const string Change = """
        <?xml version="1.0" encoding="UTF-8"?>
        <GetChangeResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">
           <ChangeInfo>
              <Id>/change/C2682N5HXP0BZ4</Id>
              <Status>INSYNC</Status>
              <SubmittedAt>2017-03-10T01:36:41.958Z</SubmittedAt>
           </ChangeInfo>
        </GetChangeResponse>
        """;

    // GetMetricData over the Query protocol, as CloudWatch answers it.
    private const string MetricData = """
        <GetMetricDataResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/">
          <GetMetricDataResult>
            <MetricDataResults>
              <member>
                <Timestamps>
                  <member>2018-07-19T00:00:00Z</member>
                  <member>2018-07-19T00:05:00Z</member>
                </Timestamps>
                <Values>
                  <member>12.5</member>
                  <member>3.0E-2</member>
                </Values>
                <Label>CPUUtilization</Label>
                <Id>m1</Id>
                <StatusCode>Complete</StatusCode>
                <Messages/>
              </member>
              <member>
                <Timestamps/>
                <Values/>
                <Label>Requests</Label>
                <Id>m2</Id>
                <StatusCode>PartialData</StatusCode>
              </member>
            </MetricDataResults>
            <NextToken>token-1</NextToken>
            <Messages/>
          </GetMetricDataResult>
          <ResponseMetadata>
            <RequestId>3f9c4a4e-8b2f-11e8-9a8d-1f3e8f1b5c2a</RequestId>
          </ResponseMetadata>
        </GetMetricDataResponse>
        """;

    [Fact]
    public void Health_check_status_parses_the_documented_example()
    {
        var status = Route53Wire.ParseHealthCheckStatus(HealthCheckStatus, "hc-1");

        Assert.Equal(2, status.Total);
        Assert.Equal(1, status.HealthyCount);
        Assert.True(status.IsHealthy); // 1 of 2 is more than 18%
        Assert.Equal(("us-east-1", "192.0.2.197"), (status.Observations[0].Region, status.Observations[0].IpAddress));
        Assert.Equal(new DateTimeOffset(2014, 10, 27, 17, 48, 16, 751, TimeSpan.Zero), status.Observations[0].CheckedTime);
        Assert.StartsWith("Failure: Connection timed out", status.Observations[1].Status);
    }

    [Fact]
    public void Record_sets_parse_weights_health_checks_aliases_and_where_the_next_page_starts()
    {
        var page = Route53Wire.ParseRecordSets(RecordSets);

        var weighted = page.Records[0];
        Assert.Equal(("www.example.com.", "CNAME", "us-east-1", 200, 60L),
            (weighted.Name, weighted.Type, weighted.SetIdentifier, weighted.Weight!.Value, weighted.Ttl!.Value));
        Assert.Equal(["abc.us-east-1.awsapprunner.com"], weighted.Values);
        Assert.Equal("abcdef11-2222-3333-4444-555555fedcba", weighted.HealthCheckId);
        Assert.True(page.Records[1].IsAlias);
        Assert.Null(page.Records[1].Weight);
        Assert.True(page.IsTruncated);
        Assert.Equal(("www.example.com.", "CNAME", "us-east-2"), (page.NextRecordName, page.NextRecordType, page.NextRecordIdentifier));
    }

    [Fact]
    public void Get_change_parses_the_documented_example_and_strips_the_change_prefix()
    {
        var change = Route53Wire.ParseChangeInfo(Change, "GetChangeResponse");

        Assert.Equal(new RecordChange("C2682N5HXP0BZ4", RecordChangeStatus.InSync, new DateTimeOffset(2017, 3, 10, 1, 36, 41, 958, TimeSpan.Zero)), change);
    }

    [Fact]
    public void The_upsert_batch_keeps_everything_but_the_weight_in_the_service_models_order()
    {
        var body = Route53Wire.UpsertBatch("www.example.com.", [new WeightedRecord("us-east-1", 255, "hc-1", "CNAME", 60, ["a.example.net"])], "rebalance");

        Assert.Contains("<ChangeResourceRecordSetsRequest xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\"><ChangeBatch><Comment>rebalance</Comment>" +
            "<Changes><Change><Action>UPSERT</Action>", body);
        Assert.Contains("<ResourceRecordSet><Name>www.example.com.</Name><Type>CNAME</Type><SetIdentifier>us-east-1</SetIdentifier><Weight>255</Weight>" +
            "<TTL>60</TTL>" +
            "<ResourceRecords><ResourceRecord><Value>a.example.net</Value></ResourceRecord></ResourceRecords><HealthCheckId>hc-1</HealthCheckId>" +
            "</ResourceRecordSet>", body);
    }

    [Theory]
    [InlineData("/hostedzone/Z1D633PJN98FT9", "Z1D633PJN98FT9")]
    [InlineData("Z1D633PJN98FT9", "Z1D633PJN98FT9")]
    public void Zone_ids_are_taken_with_or_without_their_prefix(string id, string bare)
    {
        Assert.Equal(bare, Route53Wire.BareId(id, Route53Wire.HostedZonePrefix));
    }

    [Fact]
    public void Metric_data_parses_results_values_and_the_next_token()
    {
        var page = CloudWatchWire.ParseGetMetricData(MetricData);

        Assert.Equal("token-1", page.NextToken);
        Assert.Equal(["m1", "m2"], page.Results.Select(r => r.Id));
        Assert.Equal([12.5, 0.03], page.Results[0].Points.Select(p => p.Value));
        Assert.Equal(new DateTimeOffset(2018, 7, 19, 0, 5, 0, TimeSpan.Zero), page.Results[0].Points[1].Timestamp);
        Assert.Equal(MetricDataStatus.PartialData, page.Results[1].Status);
        Assert.Empty(page.Results[1].Points);
    }

    [Fact]
    public void The_metric_data_form_flattens_queries_and_dimensions_as_the_query_protocol_wants()
    {
        var form = CloudWatchWire.GetMetricDataForm(
            [new Portal.Core.Metrics.MetricQuery("p99", "AWS/AppRunner", "RequestLatency", [new("ServiceName", "web app"), new("ServiceID", "abc")], "p99",
                TimeSpan.FromMinutes(5))],
            new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), new DateTimeOffset(2026, 1, 2, 4, 4, 5, TimeSpan.FromHours(1)), 100, "t/1");

        Assert.Equal(
            "Action=GetMetricData&Version=2010-08-01&StartTime=2026-01-02T03%3A04%3A05Z&EndTime=2026-01-02T03%3A04%3A05Z&ScanBy=TimestampAscending" +
            "&MaxDatapoints=100&NextToken=t%2F1" +
            "&MetricDataQueries.member.1.Id=p99&MetricDataQueries.member.1.MetricStat.Metric.Namespace=AWS%2FAppRunner" +
            "&MetricDataQueries.member.1.MetricStat.Metric.MetricName=RequestLatency" +
            "&MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Name=ServiceName" +
            "&MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Value=web%20app" +
            "&MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.2.Name=ServiceID" +
            "&MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.2.Value=abc" +
            "&MetricDataQueries.member.1.MetricStat.Period=300&MetricDataQueries.member.1.MetricStat.Stat=p99&MetricDataQueries.member.1.ReturnData=true",
            form);
    }

    [Theory]
    [InlineData("""<ErrorResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><Error><Type>Sender</Type><Code>NoSuchHostedZone</Code>""" +
        """<Message>No hosted zone found with ID: Z1D633PJN98FT9</Message></Error><RequestId>1</RequestId>""" +
        """</ErrorResponse>""", "NoSuchHostedZone", "No hosted zone found with ID: Z1D633PJN98FT9")]
    [InlineData("""<ErrorResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><Error><Type>Sender</Type><Code>PriorRequestNotComplete</Code>""" +
        """<Message>The request was rejected because Route 53 was still processing a prior request.</Message></Error><RequestId>2</RequestId>""" +
        """</ErrorResponse>""", "PriorRequestNotComplete", "The request was rejected because Route 53 was still processing a prior request.")]
    [InlineData("""<ErrorResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/"><Error><Type>Sender</Type><Code>InvalidParameterValue</Code>""" +
        """<Message>The parameter StartTime must be less than the parameter EndTime.</Message></Error><RequestId>3</RequestId>""" +
        """</ErrorResponse>""", "InvalidParameterValue", "The parameter StartTime must be less than the parameter EndTime.")]
    [InlineData("""<InvalidChangeBatch xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><Messages>""" +
        """<Message>Tried to create resource record set duplicate.example.com. type A, but it already exists</Message></Messages>""" +
        """</InvalidChangeBatch>""", "InvalidChangeBatch", "Tried to create resource record set duplicate.example.com. type A, but it already exists")]
    public void Xml_error_answers_give_their_code_and_message(string body, string code, string message)
    {
        var error = AwsXmlErrors.Parse(HttpStatusCode.BadRequest, body);

        Assert.Equal(code, error.Code);
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("", HttpStatusCode.ServiceUnavailable, "InternalFailure")]
    [InlineData("<html><body>502 Bad Gateway</body></html", HttpStatusCode.BadGateway, "InternalFailure")]
    [InlineData("<ErrorResponse><Error><Message>no code</Message></Error></ErrorResponse>", HttpStatusCode.BadRequest, "UnknownError")]
    public void Unreadable_xml_errors_are_named_by_their_status(string body, HttpStatusCode status, string code)
    {
        Assert.Equal(code, AwsXmlErrors.Parse(status, body).Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not xml at all")]
    [InlineData("<GetHealthCheckStatusResponse><HealthCheckObservations>")]
    [InlineData("""{"HealthCheckObservations": []}""")]
    public void A_garbled_or_empty_body_is_a_wire_error_not_a_crash(string body)
    {
        var error = Assert.Throws<WireFormatException>(() => Route53Wire.ParseHealthCheckStatus(body, "hc"));

        Assert.Matches("body (was empty|is not valid XML)", error.Message);
    }

    [Theory]
    [InlineData("<GetChangeResponse/>", "GetChangeResponse.ChangeInfo is missing")]
    [InlineData("<ListResourceRecordSetsResponse><IsTruncated>false</IsTruncated></ListResourceRecordSetsResponse>",
        "ListResourceRecordSetsResponse.ResourceRecordSets is missing")]
    [InlineData("<GetChangeResponse><ChangeInfo><Id>/change/C1</Id><Status>DONE</Status></ChangeInfo></GetChangeResponse>",
        "GetChangeResponse.ChangeInfo.Status has the unknown value 'DONE'")]
    [InlineData("<ListResourceRecordSetsResponse><ResourceRecordSets/><IsTruncated>true</IsTruncated></ListResourceRecordSetsResponse>",
        "ListResourceRecordSetsResponse.NextRecordName is missing")]
    [InlineData("<GetHealthCheckStatusResponse><HealthCheckObservations><HealthCheckObservation><Region>us-east-1</Region><IPAddress>1.2.3.4</IPAddress>" +
        "<StatusReport><Status>Success</Status><CheckedTime>yesterday</CheckedTime></StatusReport></HealthCheckObservation></HealthCheckObservations>" +
        "</GetHealthCheckStatusResponse>",
        "GetHealthCheckStatusResponse.HealthCheckObservations.HealthCheckObservation[0].StatusReport.CheckedTime is 'yesterday'")]
    [InlineData("<GetChangeResponse><ChangeInfo><Id>/change/C1</Id><Status>PENDING</Status></ChangeInfo></GetChangeResponse>", null)]
    public void Missing_or_unexpected_route_53_elements_are_errors_naming_the_field(string body, string? expected)
    {
        Action parse = body.StartsWith("<ListResourceRecordSetsResponse") ? () => Route53Wire.ParseRecordSets(body)
            : body.StartsWith("<GetChangeResponse") ? () => Route53Wire.ParseChangeInfo(body, "GetChangeResponse")
            : body.StartsWith("<GetMetricDataResponse") ? () => CloudWatchWire.ParseGetMetricData(body)
            : () => Route53Wire.ParseHealthCheckStatus(body, "hc");
        if (expected is null) { parse(); return; } // SubmittedAt is optional for the portal: an answer without it still reads.

        Assert.StartsWith(expected, Assert.Throws<WireFormatException>(parse).Message);
    }

    [Theory]
    [InlineData("heavy", "is 'heavy', expected an integer from 0 to 255")]
    [InlineData("256", "is '256', expected an integer from 0 to 255")]
    [InlineData("-1", "is '-1', expected an integer from 0 to 255")]
    [InlineData("12.5", "is '12.5', expected an integer from 0 to 255")]
    public void A_weight_that_is_not_a_number_from_0_to_255_is_an_error_naming_the_field(string weight, string expected)
    {
        var body = RecordSets.Replace("<Weight>200</Weight>", $"<Weight>{weight}</Weight>");

        var error = Assert.Throws<WireFormatException>(() => Route53Wire.ParseRecordSets(body));

        Assert.Equal($"ListResourceRecordSetsResponse.ResourceRecordSets.ResourceRecordSet[0].Weight {expected}.", error.Message);
    }

    [Fact]
    public void Unequal_timestamp_and_value_counts_are_an_error()
    {
        var body = MetricData.Replace("</Timestamps>", "<member>2018-07-19T00:10:00Z</member></Timestamps>", StringComparison.Ordinal);

        var error = Assert.Throws<WireFormatException>(() => CloudWatchWire.ParseGetMetricData(body));

        Assert.Contains("MetricDataResults.member[0] (Id m1) has 3 Timestamps but 2 Values", error.Message);
    }

    [Theory]
    [InlineData("<StatusCode>Complete</StatusCode>", "<StatusCode>Done</StatusCode>", "MetricDataResults.member[0].StatusCode has the unknown value 'Done'")]
    [InlineData("<StatusCode>Complete</StatusCode>", "<StatusCode>complete</StatusCode>",
        "MetricDataResults.member[0].StatusCode has the unknown value 'complete'")]
    [InlineData("<member>12.5</member>", "<member>lots</member>", "MetricDataResults.member[0].Values.member[0] is 'lots', expected a number")]
    [InlineData("<member>12.5</member>", "<member>NaN</member>", "MetricDataResults.member[0].Values.member[0] is 'NaN', expected a number")]
    [InlineData("<member>2018-07-19T00:00:00Z</member>", "<member>1531958400</member>",
        "MetricDataResults.member[0].Timestamps.member[0] is '1531958400', expected an ISO 8601 timestamp")]
    public void Unexpected_metric_data_is_an_error_naming_the_field(string original, string replacement, string expected)
    {
        var body = MetricData.Replace(original, replacement, StringComparison.Ordinal);

        var error = Assert.Throws<WireFormatException>(() => CloudWatchWire.ParseGetMetricData(body));

        Assert.Contains(expected, error.Message);
    }
}
