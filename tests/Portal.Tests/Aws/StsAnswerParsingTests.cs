using Portal.Aws;
using Portal.Aws.Sts;

namespace Portal.Tests.Aws;

/// <summary>AssumeRole's answer as STS's published model allows it: Credentials is optional, its four members required.</summary>
public sealed class StsAnswerParsingTests
{
    private static readonly Lazy<ModelAnswers> Sts = new(() => ModelAnswers.Load("sts"));

    [Theory]
    [InlineData(AnswerMembers.EveryContainerRequiredScalars)]
    [InlineData(AnswerMembers.Everything)]
    public void Assume_role_answers_with_credentials_parse(AnswerMembers members)
    {
        var role = StsClient.Parse(Sts.Value.Xml("AssumeRole", members));

        Assert.Equal(ModelAnswers.SampleString, role.AccessKeyId);
        Assert.Equal(ModelAnswers.SampleString, role.SessionToken);
        Assert.Equal(ModelAnswers.SampleTime, role.Expiration);
    }

    [Fact]
    public void An_assume_role_answer_without_credentials_is_a_clear_error_not_a_crash()
    {
        var e = Assert.Throws<WireFormatException>(() => StsClient.Parse(Sts.Value.Xml("AssumeRole", AnswerMembers.RequiredOnly)));

        Assert.Equal("AssumeRoleResult.Credentials is missing.", e.Message);
    }
}
