using System.Security.Cryptography;
using System.Text;

namespace Portal.LocalCloud.World;

/// <summary>
/// The demo world: `production` (protected) and `staging`, each an App Runner service per region behind
/// its own weighted record (128/128) with per-region health checks and a global table, then as many fleet
/// environments as the Environments option asks for (<see cref="FleetPlan"/>); ECR `webapp`
/// holds v1 (running everywhere), v2 (pushed and replicated), v3-broken and v3-slow-300ms. Ids derive from the random
/// seed, so the same options give the same ids (the README's CLI session relies on that). Regions the
/// Runtime option puts on ECS Express also get an Express service per environment (<see cref="ExpressSeeder"/>).
/// </summary>
public static class Seeder
{
    public const string Repository = "webapp";
    public const string ZoneName = "example.com.";


    // Each region's share of the environment's record: equal weights, as the reference architecture's seed sets them.
    private const int RegionWeight = 128;

    public static CloudWorld Seed(LocalCloudOptions options, DateTimeOffset now)
    {
        var random = new Random(options.RandomSeed);
        var world = new CloudWorld(options.AccountId, options.Regions);
        var createdAt = now.AddDays(-90);
        var expressRegions = options.EcsExpressRegions();
        var expressServed = options.ExpressServedRegions();

        world.Roles.Add(new IamRole(OperatorRoleArn(options.AccountId), null, TimeSpan.FromHours(1)));
        var accounts = new List<string> { options.AccountId };
        if (options.Accounts == 2)
        {
            accounts.Add(options.SecondAccountId);
            world.Roles.Add(new IamRole(OperatorRoleArn(options.SecondAccountId), options.SecondAccountExternalId, TimeSpan.FromHours(1)));
        }
        foreach (var account in accounts)
            foreach (var region in options.Regions)
            {
                var repository = new EcrRepository { Region = region, Name = RepositoryIn(options, account), RegistryId = account, CreatedAt = createdAt };
                foreach (var (tag, age) in new[] { ("v1", 30), ("v2", 1), ("v3-broken", 0), ("v3-slow-300ms", 0) })
                    repository.ImagesByTag[tag] = new EcrImage(tag, DigestOf(tag), now.AddDays(-age).AddHours(-2), 48_000_000 + tag.Length * 1_000_000);
                world.Repositories.Add(repository);
            }

        // The second account's zone draws its id after production's ids, so the first account's ids do not change with Accounts.
        var zone = new HostedZone { Id = "Z" + Hex(random, 10).ToUpperInvariant(), AccountId = options.AccountId, Name = ZoneName,
            CallerReference = "localcloud-seed" };
        world.HostedZones.Add(zone);

        foreach (var (envName, application, isProtected, recordName, maxSize) in FleetPlan.Environments(options.Environments))
        {
            var serviceName = application == FleetPlan.DemoApplication ? $"webapp-{envName}" : envName;
            var account = AccountOf(options, envName);
            var envZone = account == options.AccountId ? zone : SecondAccountZone(world, account, random);
            var repositoryName = RepositoryIn(options, account);
            var seededRegions = new List<SeededRegion>();
            var table = new GlobalTable { Name = serviceName, AccountId = account, CreatedAt = createdAt, TableId = Guid(random),
                ItemCount = envName == "production" ? 1_284_113 : 20_417, TableSizeBytes = envName == "production" ? 412_877_310 : 6_120_774 };
            world.Tables.Add(table);

            foreach (var region in options.Regions)
            {
                var id = Hex(random, 32);
                var service = new AppRunnerService
                {
                    Region = region,
                    Name = serviceName,
                    Id = id,
                    Arn = $"arn:aws:apprunner:{region}:{account}:service/{serviceName}/{id}",
                    Environment = envName,
                    ImageIdentifier = $"{account}.dkr.ecr.{region}.amazonaws.com/{repositoryName}:v1",
                    Source = SourceFor(account, region, envName, serviceName, random),
                    Instance = new InstanceSettings("1024", "2048", $"arn:aws:iam::{account}:role/{serviceName}-instance"),
                    HealthCheck = new HealthCheckSettings("HTTP", AppRunnerService.HealthPath, 10, 5, 1, 5),
                    Network = new NetworkSettings("DEFAULT", null, true, "IPV4"),
                    App = App,
                    AutoScalingConfigurationArn = $"arn:aws:apprunner:{region}:{account}:autoscalingconfiguration/DefaultConfiguration/1/{Hex(random, 32)}",
                    MaxSize = maxSize,
                    CreatedAt = createdAt,
                    UpdatedAt = now.AddDays(-30),
                };
                service.Operations.Add(new ServiceOperation { Id = Hex(random, 32), Type = OperationType.UpdateService, TargetArn = service.Arn,
                    Status = OperationStatus.Succeeded, StartedAt = now.AddDays(-30), EndedAt = now.AddDays(-30).AddMinutes(4), UpdatedAt = now.AddDays(-30)
                    .AddMinutes(4) });
                service.Operations.Add(new ServiceOperation { Id = Hex(random, 32), Type = OperationType.CreateService, TargetArn = service.Arn,
                    Status = OperationStatus.Succeeded, StartedAt = createdAt, EndedAt = createdAt.AddMinutes(5), UpdatedAt = createdAt.AddMinutes(5) });
                world.Services.Add(service);

                var check = new HealthCheck { Id = Guid(random), AccountId = account, CallerReference = $"{serviceName}-{region}", ServiceArn = service.Arn };
                world.HealthChecks.Add(check);
                var served = expressServed.Contains(region);
                envZone.Records.Add(new ResourceRecordSet { Name = recordName, Type = "CNAME", SetIdentifier = region, Weight = served ? 0 : RegionWeight,
                    HealthCheckId = check.Id, Ttl = 60 });
                table.Replicas[region] = "ACTIVE";
                SeededExpress? seededExpress = null;
                if (expressRegions.Contains(region))
                {
                    var express = ExpressSeeder.Seed(world, envZone, random, region, envName, serviceName, recordName, service.ImageIdentifier, createdAt, now,
                        served ? RegionWeight : 0);
                    world.ExpressServices.Add(express);
                    seededExpress = new SeededExpress(express.Arn, express.HealthCheckId, express.SetIdentifier, express.LoadBalancerDimension,
                        express.TargetGroupDimension, served);
                }
                seededRegions.Add(new SeededRegion(region, service.Arn, serviceName, repositoryName, check.Id, region) { Express = seededExpress });
            }
            var inSecondAccount = account != options.AccountId;
            world.Environments.Add(new SeededEnvironment(envName, isProtected, envZone.Id, recordName, table.Name, seededRegions)
            {
                Application = application,
                AccountId = account,
                RoleArn = inSecondAccount ? OperatorRoleArn(account) : null,
                ExternalId = inSecondAccount ? options.SecondAccountExternalId : null,
            });
        }
        return world;
    }

    /// <summary>With two accounts staging lives in the second; production always in the first (the access key's account).</summary>
    public static string AccountOf(LocalCloudOptions options, string environment) =>
        options.Accounts == 2 && environment == "staging" ? options.SecondAccountId : options.AccountId;

    /// <summary>
    /// "webapp" in the first account; the second account's repository has its own name, as the portal needs to tell
    /// the two apart by name (docs/accounts.md).
    /// </summary>
    public static string RepositoryIn(LocalCloudOptions options, string account) => account == options.AccountId ? Repository : Repository + "-staging";

    // The second account's own zone for the same domain name: Route 53 lets every account host a zone of any name.
    private static HostedZone SecondAccountZone(CloudWorld world, string account, Random random)
    {
        var zone = world.HostedZones.FirstOrDefault(z => z.AccountId == account);
        if (zone is not null) return zone;
        zone = new HostedZone { Id = "Z" + Hex(random, 10).ToUpperInvariant(), AccountId = account, Name = ZoneName,
            CallerReference = $"localcloud-seed-{account}" };
        world.HostedZones.Add(zone);
        return zone;
    }

    /// <summary>The role an operator (or a portal) assumes to act: AssumeRole with it, no external id, sessions up to 1 h.</summary>
    public static string OperatorRoleArn(string accountId) => $"arn:aws:iam::{accountId}:role/portal-operator";

    /// <summary>What the seeded application needs: it listens on 3000 and reads these variables and the database secret.</summary>
    public static readonly AppRequirements App = new("3000", ["APP_ENV", "TABLE_NAME", "LOG_LEVEL", "NODE_ENV"], ["DATABASE_PASSWORD"]);

    /// <summary>A non-default source configuration, as a real service's is; a deploy that drops any of it breaks the app.</summary>
    private static ImageSource SourceFor(string accountId, string region, string envName, string serviceName, Random random) => new(
        "ECR",
        new ImageConfiguration(
            "3000",
            new Dictionary<string, string>
            {
                ["APP_ENV"] = envName,
                ["TABLE_NAME"] = serviceName,
                ["LOG_LEVEL"] = envName == "production" ? "info" : "debug",
                ["NODE_ENV"] = "production",
            },
            new Dictionary<string, string>
            {
                ["DATABASE_PASSWORD"] = $"arn:aws:secretsmanager:{region}:{accountId}:secret:{serviceName}/database-{Hex(random, 6)}",
            },
            "node server.js"),
        AutoDeploymentsEnabled: false,
        AccessRoleArn: $"arn:aws:iam::{accountId}:role/service-role/AppRunnerECRAccessRole");

    public static string DigestOf(string tag) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("localcloud-image:" + tag)));

    internal static string Hex(Random random, int length)
    {
        var bytes = new byte[(length + 1) / 2];
        random.NextBytes(bytes);
        return Convert.ToHexStringLower(bytes)[..length];
    }

    internal static string Guid(Random random)
    {
        var h = Hex(random, 32);
        return $"{h[..8]}-{h[8..12]}-{h[12..16]}-{h[16..20]}-{h[20..]}";
    }
}
