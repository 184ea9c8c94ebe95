using Portal.Core.Topology;

namespace Portal.Core.Tests.Topology;

/// <summary>An environment's RoleArn and ExternalId as STS accepts them, in the account its services are in.</summary>
public class AccountRulesTests
{
    private static PortalTopology WithStaging(Func<EnvironmentTopology, EnvironmentTopology> change)
    {
        var topology = AccountRoutesTests.TwoAccounts();
        return new PortalTopology([topology.Environments[0], change(topology.Environments[1])]);
    }

    [Fact]
    public void Two_environments_in_two_accounts_have_no_problems()
    {
        Assert.Empty(TopologyRules.Validate(AccountRoutesTests.TwoAccounts()));
    }

    [Theory]
    [InlineData("portal-operator")]
    [InlineData("arn:aws:iam::2222:role/portal-operator")]
    [InlineData("arn:aws:iam::222222222222:user/portal-operator")]
    [InlineData("arn:aws:sts::222222222222:assumed-role/portal-operator/x")]
    public void A_role_arn_that_is_not_an_iam_role_is_reported_with_its_key_path(string roleArn)
    {
        var problem = Assert.Single(TopologyRules.Validate(WithStaging(e => e with { RoleArn = roleArn })));

        Assert.StartsWith($"Portal:Environments:1:RoleArn '{roleArn}' is not an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>, 20-2048 " +
            $"characters).", problem);
    }

    [Fact]
    public void A_role_arn_longer_than_sts_allows_is_reported()
    {
        var roleArn = "arn:aws:iam::222222222222:role/" + new string('p', 2100) + "/portal-operator";

        var problem = Assert.Single(TopologyRules.Validate(WithStaging(e => e with { RoleArn = roleArn })));

        Assert.Contains("RoleArn", problem);
    }

    [Fact]
    public void A_role_with_a_path_is_accepted()
    {
        Assert.Empty(TopologyRules.Validate(WithStaging(e => e with { RoleArn = "arn:aws:iam::222222222222:role/portal/ops/portal-operator" })));
    }

    [Theory]
    [InlineData("Z")]
    [InlineData("has space")]
    [InlineData("semi;colon")]
    public void An_external_id_outside_stss_rule_is_reported_without_echoing_it(string externalId)
    {
        var problem = Assert.Single(TopologyRules.Validate(WithStaging(e => e with { ExternalId = externalId })));

        Assert.StartsWith("Portal:Environments:1:ExternalId must be 2-1224 characters of letters, digits and +=,.@:/-_", problem);
        Assert.DoesNotContain(externalId, problem);
    }

    [Fact]
    public void An_external_id_of_1225_characters_is_reported_and_1224_accepted()
    {
        Assert.Empty(TopologyRules.Validate(WithStaging(e => e with { ExternalId = new string('a', 1224) })));
        Assert.Single(TopologyRules.Validate(WithStaging(e => e with { ExternalId = new string('a', 1225) })));
    }

    [Fact]
    public void An_external_id_without_a_role_is_reported()
    {
        var problem = Assert.Single(TopologyRules.Validate(WithStaging(e => e with { RoleArn = null, ExternalId = "staging-ext-1" })));

        Assert.Equal("Portal:Environments:1:ExternalId is set but RoleArn is not: an external id is sent only when assuming a role.", problem);
    }

    [Fact]
    public void A_service_in_another_account_than_the_role_is_reported_naming_the_environment_and_field()
    {
        var problems = TopologyRules.Validate(WithStaging(e => e with { RoleArn = "arn:aws:iam::333333333333:role/portal-operator" }));

        Assert.Equal(2, problems.Count);
        Assert.Equal("Portal:Environments:1:Regions:0:ServiceArn is in account 222222222222, but environment 'staging' assumes RoleArn in account " +
            "333333333333: both must name the environment's account.", problems[0]);
        Assert.StartsWith("Portal:Environments:1:Regions:1:ServiceArn is in account 222222222222", problems[1]);
    }

    [Fact]
    public void A_table_or_repository_name_shared_across_accounts_is_reported()
    {
        var topology = AccountRoutesTests.TwoAccounts(stagingRepository: "webapp", stagingTable: "webapp-production");

        var problems = TopologyRules.Validate(topology);

        Assert.Equal(3, problems.Count);
        Assert.Equal("Portal:Environments:1:TableName 'webapp-production' is also the table of environment 'production', which uses other AWS credentials: " +
            "give each account's table its own name.", problems[0]);
        Assert.StartsWith("Portal:Environments:1:Regions:0:EcrRepository 'webapp' in us-east-1 is also used by environment 'production'", problems[1]);
        Assert.StartsWith("Portal:Environments:1:Regions:1:EcrRepository 'webapp' in us-east-2", problems[2]);
    }

    [Fact]
    public void Environments_in_one_account_may_share_a_repository()
    {
        var topology = AccountRoutesTests.TwoAccounts(stagingRepository: "webapp");
        var sameAccess = new PortalTopology([topology.Environments[0],
            topology.Environments[1] with { RoleArn = null, ExternalId = null,
            Regions = [.. topology.Environments[1].Regions.Select(r => r with { ServiceArn = r.ServiceArn.Replace("222222222222", "111111111111") })] }]);

        Assert.Empty(TopologyRules.Validate(sameAccess));
    }
}
