using System.Net;
using System.Text.Json;
using Portal.Aws;
using Portal.Aws.AppRunner;
using Portal.Aws.Ecr;
using Portal.Core.Services;

namespace Portal.Tests.Aws;

/// <summary>Parsing of App Runner and ECR answers, from the examples in AWS's API references, and of broken ones.</summary>
public class WireParsingTests
{
    private static JsonElement Json(string text) => AwsJsonProtocol.ParseBody("App Runner", "DescribeService", "us-east-1", text);

    // The DescribeService example of the App Runner API reference: a source-code service, ISO timestamps.
    private const string DescribeCodeService = """
        {
          "Service": {
            "AutoScalingConfigurationSummary": {
              "AutoScalingConfigurationArn":
                "arn:aws:apprunner:us-east-1:123456789012:autoscalingconfiguration/DefaultConfiguration/1/00000000000000000000000000000001",
              "AutoScalingConfigurationName": "DefaultConfiguration",
              "AutoScalingConfigurationRevision": 1
            },
            "CreatedAt": "2020-11-20T19:05:25Z",
            "HealthCheckConfiguration": { "HealthyThreshold": 1, "Interval": 10, "Path": "/", "Protocol": "TCP", "Timeout": 5, "UnhealthyThreshold": 5 },
            "InstanceConfiguration": { "Cpu": "1 vCPU", "Memory": "3 GB" },
            "ServiceArn": "arn:aws:apprunner:us-east-1:123456789012:service/python-app/8fe1e10304f84fd2b0df550fe98a71fa",
            "ServiceId": "8fe1e10304f84fd2b0df550fe98a71fa",
            "ServiceName": "python-app",
            "ServiceUrl": "psbqam834h.us-east-1.awsapprunner.com",
            "SourceConfiguration": {
              "AuthenticationConfiguration": {
                "ConnectionArn": "arn:aws:apprunner:us-east-1:123456789012:connection/my-github-connection/e7656250f67242d7819feade6800f59e" },
              "AutoDeploymentsEnabled": true,
              "CodeRepository": {
                "CodeConfiguration": {
                  "CodeConfigurationValues": {
                    "BuildCommand": "pip install -r requirements.txt", "Port": "8080", "Runtime": "PYTHON_3", "StartCommand": "python server.py"
                  },
                  "ConfigurationSource": "API"
                },
                "RepositoryUrl": "https://github.com/my-account/python-hello",
                "SourceCodeVersion": { "Type": "BRANCH", "Value": "main" }
              }
            },
            "Status": "RUNNING",
            "UpdatedAt": "2020-11-20T19:05:25Z"
          }
        }
        """;

    private const string DescribeImageService = """
        {"Service":{"ServiceName":"webapp-production","ServiceId":"0f9a0b5c0a8d4b6e9d5c2a3b4c5d6e7f",
         "ServiceArn":"arn:aws:apprunner:us-east-2:123456789012:service/webapp-production/0f9a0b5c0a8d4b6e9d5c2a3b4c5d6e7f",
         "ServiceUrl":"xyz123abcd.us-east-2.awsapprunner.com","CreatedAt":1.6061560143E9,"UpdatedAt":1763726400.25,"Status":"OPERATION_IN_PROGRESS",
         "SourceConfiguration":{"ImageRepository":{"ImageIdentifier":"123456789012.dkr.ecr.us-east-2.amazonaws.com/webapp:v2","ImageRepositoryType":"ECR"},
           "AutoDeploymentsEnabled":false},
         "InstanceConfiguration":{"Cpu":"1024","Memory":"2048"}}}
        """;

    // The ListOperations example of the App Runner API reference.
    private const string ListOperationsExample = """
        {
          "OperationSummaryList": [
            {
              "EndedAt": 1606156217,
              "Id": "17fe9f55-7e91-4097-b243-fcabbb69a4cf",
              "StartedAt": 1606156014,
              "Status": "SUCCEEDED",
              "TargetArn": "arn:aws:apprunner:us-east-1:123456789012:service/python-app/8fe1e10304f84fd2b0df550fe98a71fa",
              "Type": "CREATE_SERVICE",
              "UpdatedAt": 1606156217
            }
          ]
        }
        """;

    // The DescribeImages example of the ECR API reference.
    private const string DescribeImagesExample = """
        {
          "imageDetails": [
            {
              "imageDigest": "sha256:764f63476bdff6d83a09ba2a818f0d35757063724a9ac3ba5019c56f74ebf42a",
              "imageSizeInBytes": 1147,
              "imagePushedAt": 1.4686745E9,
              "imageTags": [ "precise" ],
              "registryId": "012345678910",
              "repositoryName": "ubuntu"
            }
          ]
        }
        """;

    [Fact]
    public void A_source_code_service_parses_without_an_image()
    {
        var service = AppRunnerWire.ParseServiceAnswer(Json(DescribeCodeService));

        Assert.Equal("python-app", service.Name);
        Assert.Equal("8fe1e10304f84fd2b0df550fe98a71fa", service.Id);
        Assert.Equal(ServiceStatus.Running, service.Status);
        Assert.Equal("psbqam834h.us-east-1.awsapprunner.com", service.Url);
        Assert.Null(service.ImageIdentifier);
        Assert.Equal(new DateTimeOffset(2020, 11, 20, 19, 5, 25, TimeSpan.Zero), service.UpdatedAt);
    }

    [Fact]
    public void An_image_service_parses_its_image_tag_status_and_epoch_timestamps()
    {
        var service = AppRunnerWire.ParseServiceAnswer(Json(DescribeImageService));

        Assert.Equal(ServiceStatus.OperationInProgress, service.Status);
        Assert.Equal("v2", service.ImageTag);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1763726400250), service.UpdatedAt);
    }

    [Fact]
    public void List_operations_parses_the_documented_example()
    {
        var operations = AppRunnerWire.ParseOperations(Json(ListOperationsExample));

        var operation = Assert.Single(operations);
        Assert.Equal(OperationType.CreateService, operation.Type);
        Assert.Equal(OperationStatus.Succeeded, operation.Status);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1606156014), operation.StartedAt);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1606156217), operation.EndedAt);
    }

    [Fact]
    public void An_empty_operation_list_is_empty_not_an_error()
    {
        Assert.Empty(AppRunnerWire.ParseOperations(Json("{}")));
    }

    // A service as App Runner describes it with a full image configuration, plus a member the portal does not know.
    private const string DescribeConfiguredService = """
        {"Service":{"ServiceName":"webapp","ServiceId":"0f9a","ServiceArn":"arn:aws:apprunner:us-east-1:123456789012:service/webapp/0f9a",
         "CreatedAt":1.6E9,"UpdatedAt":1.7E9,"Status":"RUNNING",
         "SourceConfiguration":{
           "ImageRepository":{"ImageIdentifier":"123456789012.dkr.ecr.us-east-1.amazonaws.com/webapp:v1","ImageRepositoryType":"ECR",
             "ImageConfiguration":{"Port":"3000","RuntimeEnvironmentVariables":{"TABLE_NAME":"t","APP_ENV":"prod"},
               "RuntimeEnvironmentSecrets":{"DB":"arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf"},"StartCommand":"node server.js",
               "FutureMember":{"x":1}}},
           "AutoDeploymentsEnabled":false,
           "AuthenticationConfiguration":{"AccessRoleArn":"arn:aws:iam::123456789012:role/service-role/AppRunnerECRAccessRole"}},
         "InstanceConfiguration":{},"AutoScalingConfigurationSummary":{},"NetworkConfiguration":{}}}
        """;

    [Fact]
    public void An_image_update_sends_the_whole_source_back_with_only_the_image_changed()
    {
        const string v2 = "123456789012.dkr.ecr.us-east-1.amazonaws.com/webapp:v2";
        var (source, kept) = AppRunnerWire.SourceWithImage(Json(DescribeConfiguredService), v2);

        var expected = System.Text.Json.Nodes.JsonNode.Parse(DescribeConfiguredService)!["Service"]!["SourceConfiguration"]!.DeepClone();
        expected["ImageRepository"]!["ImageIdentifier"] = v2;
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(expected, source), source.ToJsonString());
        Assert.Equal("kept: port 3000, 2 variables, 1 secret, start command, access role, auto deployments off", kept.Summary);
        Assert.Equal(["APP_ENV", "TABLE_NAME"], kept.VariableNames);
        Assert.Equal(["DB"], kept.SecretNames);
        // Names and counts only: no value reaches the step's record.
        var recorded = kept.ToJson().ToJsonString();
        Assert.DoesNotContain("prod", recorded);
        Assert.DoesNotContain("secretsmanager", recorded);
        Assert.DoesNotContain("node server.js", recorded);
    }

    [Fact]
    public void An_image_update_of_a_source_code_service_is_refused_naming_the_missing_member()
    {
        var error = Assert.Throws<WireFormatException>(() => AppRunnerWire.SourceWithImage(Json(DescribeCodeService),
            "123456789012.dkr.ecr.us-east-1.amazonaws.com/webapp:v2"));
        Assert.Contains("$.Service.SourceConfiguration has no ImageRepository", error.Message);
    }

    [Fact]
    public void A_pause_answer_without_an_operation_id_is_accepted()
    {
        Assert.Null(AppRunnerWire.ParseOperationId(Json("""{"Service":{}}""")));
        Assert.Equal("17fe9f55", AppRunnerWire.ParseOperationId(Json("""{"OperationId":"17fe9f55"}""")));
    }

    [Fact]
    public void Describe_images_parses_the_documented_example()
    {
        var image = Assert.Single(EcrWire.ParseImages(Json(DescribeImagesExample), "ubuntu"));

        Assert.Equal("precise", image.Tag);
        Assert.Equal("sha256:764f63476bdff6d83a09ba2a818f0d35757063724a9ac3ba5019c56f74ebf42a", image.Digest);
        Assert.Equal(1147, image.SizeInBytes);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1468674500), image.PushedAt);
    }

    [Theory]
    [InlineData("""{"Service":{"ServiceName":"a","ServiceId":"b","ServiceArn":"c","Status":"MELTING"}}""", "$.Service.Status has the unknown value 'MELTING'")]
    [InlineData("""{"Service":{"ServiceName":"a","ServiceId":"b","ServiceArn":"c","Status":"running"}}""", "$.Service.Status has the unknown value 'running'")]
    [InlineData("""{"Service":{"ServiceName":"a","ServiceId":"b","Status":"RUNNING"}}""", "$.Service.ServiceArn is missing")]
    [InlineData("""{"Service":{"ServiceName":"a","ServiceId":"b","ServiceArn":"c","Status":1}}""", "$.Service.Status is Number")]
    [InlineData("""{"Service":[]}""", "$.Service is Array, expected an object")]
    [InlineData("""{"NotService":{}}""", "$.Service is missing")]
    [InlineData("""{"Service":{"ServiceName":"a","ServiceId":"b","ServiceArn":"c","Status":"RUNNING","UpdatedAt":"yesterday"}}""",
        "$.Service.UpdatedAt is not a timestamp")]
    public void An_unexpected_service_answer_is_an_error_naming_the_field(string body, string expected)
    {
        var error = Assert.Throws<WireFormatException>(() => AppRunnerWire.ParseServiceAnswer(Json(body)));

        Assert.StartsWith(expected, error.Message);
    }

    [Theory]
    [InlineData("""{"OperationSummaryList":{"Id":"x"}}""", "$.OperationSummaryList is Object, expected an array")]
    [InlineData("""{"OperationSummaryList":[{"Id":"x","Type":"CREATE_SERVICE","Status":"DONE"}]}""",
        "$.OperationSummaryList[0].Status has the unknown value 'DONE'")]
    [InlineData("""{"OperationSummaryList":[42]}""", "$.OperationSummaryList[0] is Number")]
    public void An_unexpected_operation_list_is_an_error_naming_the_field(string body, string expected)
    {
        var error = Assert.Throws<WireFormatException>(() => AppRunnerWire.ParseOperations(Json(body)));

        Assert.StartsWith(expected, error.Message);
    }

    [Fact]
    public void An_image_without_a_digest_is_listed_by_its_tag_as_the_model_allows()
    {
        var image = Assert.Single(EcrWire.ParseImages(Json("""{"imageDetails":[{"imageTags":["v1"]}]}"""), "webapp"));

        Assert.Equal(("v1", null), (image.Tag, image.Digest));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("<html><body>502 Bad Gateway</body></html>")]
    [InlineData("{\"Service\": {\"ServiceName\": ")]
    [InlineData("[1, 2]")]
    [InlineData("null")]
    public void A_garbled_or_empty_body_is_an_adapter_error_not_a_crash(string body)
    {
        var error = Assert.Throws<AwsResponseException>(() => Json(body));

        Assert.StartsWith("App Runner DescribeService in us-east-1 gave an unreadable answer:", error.Message);
    }

    [Theory]
    [InlineData("""{"__type":"InvalidStateException","message":"You can't perform this action while the service is in OPERATION_IN_PROGRESS state."}""", null,
        "InvalidStateException", "You can't perform this action while the service is in OPERATION_IN_PROGRESS state.")]
    [InlineData("""{"__type":"com.amazonaws.apprunner#ResourceNotFoundException","Message":"Service not found"}""", null, "ResourceNotFoundException",
        "Service not found")]
    [InlineData("""{"message":"Rate exceeded"}""", "ThrottlingException:http://internal.amazon.com/coral/com.amazon.coral.availability/", "ThrottlingException",
        "Rate exceeded")]
    [InlineData("""{"__type":"ImageNotFoundException","message":"The image with imageId {imageDigest:'null', imageTag:'v9'} does not exist"}""", null,
        "ImageNotFoundException", "The image with imageId {imageDigest:'null', imageTag:'v9'} does not exist")]
    public void Error_answers_give_their_code_and_message(string body, string? header, string code, string message)
    {
        var error = AwsJsonErrors.Parse(HttpStatusCode.BadRequest, body, header);

        Assert.Equal(code, error.Code);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void An_unreadable_5xx_error_is_an_internal_failure_with_the_body_quoted()
    {
        var error = AwsJsonErrors.Parse(HttpStatusCode.BadGateway, "<html>Bad Gateway</html>", null);

        Assert.Equal("InternalFailure", error.Code);
        Assert.Contains("HTTP 502", error.Message);
        Assert.Contains("Bad Gateway", error.Message);
    }

    [Theory]
    [InlineData("ThrottlingException", true)]
    [InlineData("Throttling", true)]
    [InlineData("TooManyRequestsException", true)]
    [InlineData("RequestLimitExceeded", true)]
    [InlineData("PriorRequestNotComplete", true)]
    [InlineData("InvalidStateException", false)]
    public void Throttling_codes_are_retried_and_others_are_not(string code, bool retried)
    {
        Assert.Equal(retried, new AwsRawResponse(HttpStatusCode.BadRequest, "", new AwsErrorInfo(code, "Rate exceeded"), null).IsRetryable);
    }
}
