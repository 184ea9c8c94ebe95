using Portal.Core.Topology;

namespace Portal.Core.Tests.Topology;

/// <summary>The credential follows the resource: each resource a port call names signs with its environment's account.</summary>
public class AccountRoutesTests
{
    private const string StagingRole = "arn:aws:iam::222222222222:role/portal-operator";

    private static RegionTopology Region(string region, string account, string env, string id, string check, string repository) =>
        new(region, $"arn:aws:apprunner:{region}:{account}:service/webapp-{env}/{id}", repository, check, region);

    public static PortalTopology TwoAccounts(string stagingRepository = "webapp-staging", string stagingTable = "webapp-staging") => new([
        new EnvironmentTopology("production", true, "ZPRODUCTION1", "app.example.com.", "webapp-production", [
            Region("us-east-1", "111111111111", "production", "11111111111111111111111111111111", "aaaaaaaa-0000-0000-0000-000000000001", "webapp"),
            Region("us-east-2", "111111111111", "production", "22222222222222222222222222222222", "aaaaaaaa-0000-0000-0000-000000000002", "webapp"),
        ]),
        new EnvironmentTopology("staging", false, "ZSTAGING2", "staging.example.com.", stagingTable, [
            Region("us-east-1", "222222222222", "staging", "33333333333333333333333333333333", "bbbbbbbb-0000-0000-0000-000000000001", stagingRepository),
            Region("us-east-2", "222222222222", "staging", "44444444444444444444444444444444", "bbbbbbbb-0000-0000-0000-000000000002", stagingRepository),
        ]) { RoleArn = StagingRole, ExternalId = "staging-ext-1" },
    ]);

    private static readonly AccountAccess Staging = new(StagingRole, "staging-ext-1");

    [Theory]
    [InlineData("us-east-2", "arn:aws:apprunner:us-east-2:222222222222:service/webapp-staging/44444444444444444444444444444444")]
    [InlineData("us-east-1", "bbbbbbbb-0000-0000-0000-000000000002")]
    [InlineData("us-east-1", "ZSTAGING2")]
    [InlineData("us-east-1", "/hostedzone/ZSTAGING2")]
    [InlineData("us-east-2", "webapp-staging")]
    [InlineData("us-east-1", "33333333333333333333333333333333")]
    // An ARN the topology does not list (an ECS Express service, an auto scaling configuration) goes by its account.
    [InlineData("us-east-2", "arn:aws:ecs:us-east-2:222222222222:service/default/webapp-staging")]
    [InlineData("us-east-1", "arn:aws:apprunner:us-east-1:222222222222:autoscalingconfiguration/DefaultConfiguration/1/abc")]
    public void A_staging_resource_is_signed_with_the_staging_role(string region, string resource)
    {
        Assert.Equal(Staging, AccountRoutes.AccessFor(TwoAccounts(), region, resource));
    }

    [Theory]
    [InlineData("us-east-1", "arn:aws:apprunner:us-east-1:111111111111:service/webapp-production/11111111111111111111111111111111")]
    [InlineData("us-east-1", "aaaaaaaa-0000-0000-0000-000000000001")]
    [InlineData("us-east-1", "ZPRODUCTION1")]
    [InlineData("us-east-2", "webapp")]
    [InlineData("us-east-1", "webapp-production")]
    public void A_production_resource_is_signed_with_the_portals_own_credentials(string region, string resource)
    {
        Assert.Equal(AccountAccess.Own, AccountRoutes.AccessFor(TwoAccounts(), region, resource));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("some-other-table")]
    [InlineData("arn:aws:apprunner:us-east-1:333333333333:service/other/55555555555555555555555555555555")]
    public void A_resource_no_environment_names_uses_the_portals_own_credentials(string? resource)
    {
        Assert.Equal(AccountAccess.Own, AccountRoutes.AccessFor(TwoAccounts(), "us-east-1", resource));
    }

    [Fact]
    public void A_repository_name_shared_by_two_accounts_is_refused_rather_than_guessed()
    {
        var e = Assert.Throws<AmbiguousResourceException>(() => AccountRoutes.AccessFor(TwoAccounts(stagingRepository: "webapp"), "us-east-1", "webapp"));

        Assert.Contains("'production', 'staging'", e.Message);
        Assert.Contains("different AWS accounts or roles", e.Message);
    }

    [Fact]
    public void Environments_without_a_role_are_in_the_account_of_their_service_arns()
    {
        var topology = TwoAccounts();

        Assert.Equal("111111111111", topology.Environments[0].AccountId);
        Assert.Equal("222222222222", topology.Environments[1].AccountId);
    }
}
