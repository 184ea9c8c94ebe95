using Portal.Aws;
using Portal.Aws.AppRunner;
using Portal.Aws.CloudWatch;
using Portal.Aws.Ecr;
using Portal.Aws.Route53;
using Portal.Core.Services;

namespace Portal.Tests.Aws;

/// <summary>
/// Every answer the portal parses, generated from AWS's published models: with only the required members, with every
/// container but only required scalars, and with every member. Each parser takes all three.
/// </summary>
public sealed class ModelAnswerParsingTests
{
    private static readonly Lazy<ModelAnswers> AppRunner = new(() => ModelAnswers.Load("apprunner"));
    private static readonly Lazy<ModelAnswers> Ecr = new(() => ModelAnswers.Load("ecr"));
    private static readonly Lazy<ModelAnswers> Route53 = new(() => ModelAnswers.Load("route53"));
    private static readonly Lazy<ModelAnswers> CloudWatch = new(() => ModelAnswers.Load("cloudwatch"));

    public static TheoryData<AnswerMembers> Variants => new() { AnswerMembers.RequiredOnly, AnswerMembers.EveryContainerRequiredScalars,
        AnswerMembers.Everything };

    [Theory]
    [MemberData(nameof(Variants))]
    public void Describe_service_answers_parse(AnswerMembers members)
    {
        var service = AppRunnerWire.ParseServiceAnswer(AppRunner.Value.Json("DescribeService", members));

        Assert.Equal(ModelAnswers.SampleString, service.Arn);
        Assert.Equal(ModelAnswers.SampleTime, service.UpdatedAt);
        // ImageRepository is optional in SourceConfiguration; inside it, ImageIdentifier is required.
        Assert.Equal(members == AnswerMembers.RequiredOnly ? null : ModelAnswers.SampleString, service.ImageIdentifier);
        Assert.Equal(members == AnswerMembers.Everything ? ModelAnswers.SampleString : null, service.Url);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void The_source_an_image_update_sends_back_is_built_from_any_image_service_answer(AnswerMembers members)
    {
        var answer = AppRunner.Value.Json("DescribeService", members);
        if (members == AnswerMembers.RequiredOnly)
        {
            // No ImageRepository: a source-code service, which an image deploy refuses with a reason.
            Assert.Contains("has no ImageRepository", Assert.Throws<WireFormatException>(() => AppRunnerWire.SourceWithImage(answer, "new-image")).Message);
            return;
        }
        var (source, kept) = AppRunnerWire.SourceWithImage(answer, "new-image");

        Assert.Equal("new-image", (string?)source["ImageRepository"]!["ImageIdentifier"]);
        Assert.Equal(members == AnswerMembers.Everything ? "sample-value" : null, kept.Port);
        Assert.Equal(members == AnswerMembers.Everything, source["AutoDeploymentsEnabled"] is not null);
        var expectedVariables = members == AnswerMembers.RequiredOnly ? 0 : 1;
        Assert.Equal(expectedVariables, kept.VariableNames.Count);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Capacity_parses_only_when_the_answers_carry_the_optional_arn_and_limits(AnswerMembers members)
    {
        var service = AppRunner.Value.Json("DescribeService", members);
        var configuration = AppRunner.Value.Json("DescribeAutoScalingConfiguration", members);
        if (members != AnswerMembers.Everything)
        {
            // The model makes the summary's ARN and the configuration's MaxSize and MaxConcurrency optional: without them
            // the capacity is unknown, which the drill's preflight reports rather than a guessed figure.
            Assert.Contains("AutoScalingConfigurationSummary.AutoScalingConfigurationArn",
                Assert.Throws<WireFormatException>(() => AppRunnerWire.ParseAutoScalingConfigurationArn(service)).Message);
            Assert.Contains("$.AutoScalingConfiguration.MaxSize is missing",
                Assert.Throws<WireFormatException>(() => AppRunnerWire.ParseCapacity(configuration)).Message);
            return;
        }

        Assert.Equal(ModelAnswers.SampleString, AppRunnerWire.ParseAutoScalingConfigurationArn(service));
        Assert.Equal(new ServiceCapacity(1, 1), AppRunnerWire.ParseCapacity(configuration));
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Update_pause_and_resume_answers_parse_with_or_without_an_operation_id(AnswerMembers members)
    {
        foreach (var operation in new[] { "UpdateService", "PauseService", "ResumeService" })
        {
            var answer = AppRunner.Value.Json(operation, members);
            var id = AppRunnerWire.ParseOperationId(answer);
            var required = operation == "UpdateService" || members == AnswerMembers.Everything;
            Assert.Equal(required ? ModelAnswers.SampleString : null, id);
            Assert.Equal(ModelAnswers.SampleString, AppRunnerWire.ParseServiceAnswer(answer).Name);
        }
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void List_operations_answers_parse(AnswerMembers members)
    {
        var operations = AppRunnerWire.ParseOperations(AppRunner.Value.Json("ListOperations", members));

        // Every member of an OperationSummary is optional: one without type and status is left out, not guessed.
        if (members == AnswerMembers.Everything)
        {
            var operation = Assert.Single(operations);
            Assert.Equal((OperationType.StartDeployment, OperationStatus.Pending), (operation.Type, operation.Status));
            Assert.Equal(ModelAnswers.SampleTime, operation.StartedAt);
        }
        else Assert.Empty(operations);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Describe_images_answers_parse(AnswerMembers members)
    {
        var images = EcrWire.ParseImages(Ecr.Value.Json("DescribeImages", members), "webapp");

        // Nothing is required in an image detail: without imageDigest the tag is still listed, the digest unknown.
        if (members == AnswerMembers.RequiredOnly) Assert.Empty(images);
        else
        {
            var image = Assert.Single(images);
            Assert.Equal(ModelAnswers.SampleString, image.Tag);
            Assert.Equal(members == AnswerMembers.Everything ? ModelAnswers.SampleString : null, image.Digest);
        }
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Health_check_status_answers_parse(AnswerMembers members)
    {
        var status = Route53Wire.ParseHealthCheckStatus(Route53.Value.Xml("GetHealthCheckStatus", members), "check");

        var observation = Assert.Single(status.Observations);
        Assert.Equal(members == AnswerMembers.Everything ? ModelAnswers.SampleString : null, observation.IpAddress);
        // No status report is no success: the checker does not count as healthy.
        Assert.False(observation.Healthy);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Record_set_answers_parse(AnswerMembers members)
    {
        var page = Route53Wire.ParseRecordSets(Route53.Value.Xml("ListResourceRecordSets", members));

        var record = Assert.Single(page.Records);
        Assert.Equal(ModelAnswers.SampleString, record.Name);
        Assert.False(page.IsTruncated);
        Assert.Equal(members == AnswerMembers.Everything ? 1 : null, record.Weight);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Change_answers_parse(AnswerMembers members)
    {
        foreach (var (operation, root) in new[] { ("ChangeResourceRecordSets", "ChangeResourceRecordSetsResponse"), ("GetChange", "GetChangeResponse") })
        {
            var change = Route53Wire.ParseChangeInfo(Route53.Value.Xml(operation, members), root);
            Assert.Equal(ModelAnswers.SampleString, change.Id);
            Assert.Equal(ModelAnswers.SampleTime, change.SubmittedAt);
        }
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Metric_data_answers_parse(AnswerMembers members)
    {
        var page = CloudWatchWire.ParseGetMetricData(CloudWatch.Value.Xml("GetMetricData", members));

        // A result without its Id cannot be matched to a query and is left out.
        if (members == AnswerMembers.Everything)
        {
            var result = Assert.Single(page.Results);
            Assert.Equal(ModelAnswers.SampleTime, Assert.Single(result.Points).Timestamp);
            Assert.Equal(ModelAnswers.SampleString, page.NextToken);
        }
        else Assert.Empty(page.Results);
    }
}
