using Portal.LocalCloud.World;

namespace Portal.LocalCloud.Tests.Accounts;

/// <summary>The Accounts option: checked at start-up, and what it seeds in each account.</summary>
public sealed class AccountSeedTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0, "222222222222", "LocalCloud:Accounts must be 1 or 2 (got 0).")]
    [InlineData(3, "222222222222", "LocalCloud:Accounts must be 1 or 2 (got 3).")]
    [InlineData(2, "2222", "LocalCloud:SecondAccountId must be 12 digits (got '2222').")]
    [InlineData(2, "000000000000", "LocalCloud:SecondAccountId must differ from LocalCloud:AccountId.")]
    public void Account_option_errors_name_the_setting_and_what_is_allowed(int accounts, string secondAccount, string expected)
    {
        var errors = new LocalCloudOptions { Accounts = accounts, SecondAccountId = secondAccount }.Validate();

        Assert.Equal(expected, Assert.Single(errors));
    }

    [Fact]
    public void One_account_seeds_everything_in_the_access_keys_account_as_before()
    {
        var world = Seeder.Seed(new LocalCloudOptions(), Now);

        Assert.All(world.Environments, e => Assert.Equal("000000000000", e.AccountId));
        Assert.All(world.Environments, e => Assert.Null(e.RoleArn));
        Assert.Single(world.HostedZones);
        Assert.Equal([Seeder.OperatorRoleArn("000000000000")], world.Roles.Select(r => r.Arn));
    }

    [Fact]
    public void Two_accounts_keep_production_and_its_ids_where_they_were_and_move_everything_of_staging()
    {
        var one = Seeder.Seed(new LocalCloudOptions { Runtime = "us-east-2=EcsExpress" }, Now);
        var two = Seeder.Seed(new LocalCloudOptions { Accounts = 2, Runtime = "us-east-2=EcsExpress" }, Now);

        // The README's CLI session names production's ids: the second account must not change them.
        Assert.Equal(one.Environments[0].HostedZoneId, two.Environments[0].HostedZoneId);
        Assert.Equal(one.Environments[0].Regions, two.Environments[0].Regions);
        Assert.Equal("000000000000", two.Environments[0].AccountId);
        var staging = two.Environments.Single(e => e.Name == "staging");
        Assert.Equal("222222222222", staging.AccountId);
        Assert.Equal("222222222222", two.HostedZones.Single(z => z.Id == staging.HostedZoneId).AccountId);
        Assert.Equal("222222222222", two.Tables.Single(t => t.Name == staging.TableName).AccountId);
        Assert.All(two.HealthChecks.Where(h => h.ServiceArn.Contains("webapp-staging", StringComparison.Ordinal)), h
            => Assert.Equal("222222222222", h.AccountId));
        Assert.All(two.Services.Where(s => s.Environment == "staging"), s => Assert.StartsWith("222222222222.dkr.ecr.", s.ImageIdentifier));
        Assert.Equal("222222222222", two.ExpressServices.Single(s => s.Environment == "staging").AccountId);
        Assert.Equal(2, two.Repositories.Count(r => r.RegistryId == "222222222222" && r.Name == "webapp-staging"));
        Assert.Equal("localcloud-staging", two.Roles.Single(r => r.Arn == Seeder.OperatorRoleArn("222222222222")).ExternalId);
    }
}
