using System.Security.Cryptography;
using System.Text;

namespace Portal.LocalCloud.World;

/// <summary>
/// The demo world: `production` (protected) and `staging`, each an App Runner service per region behind
/// its own weighted record (128/128) with per-region health checks and a global table; ECR `webapp`
/// holds v1 (running everywhere), v2 (pushed and replicated), v3-broken and v3-slow-300ms. Ids derive from the random
/// seed, so the same options give the same ids (the CLI session in docs/localcloud.md relies on that). Regions the
/// Runtime option puts on ECS Express also get an Express service per environment (<see cref="ExpressSeeder"/>).
/// </summary>
public static class Seeder
{
    public const string Repository = "webapp";
    public const string ZoneName = "example.com.";

    private static readonly (string Name, bool Protected, string Record, int MaxSize)[] EnvironmentsToSeed =
    [
        ("production", true, "app.example.com.", 25),
        ("staging", false, "staging.example.com.", 2),
    ];

    public static CloudWorld Seed(LocalCloudOptions options, DateTimeOffset now)
    {
        var random = new Random(options.RandomSeed);
        var world = new CloudWorld(options.AccountId, options.Regions);
        var createdAt = now.AddDays(-90);
        var expressRegions = options.EcsExpressRegions();

        foreach (var region in options.Regions)
        {
            var repository = new EcrRepository { Region = region, Name = Repository, RegistryId = options.AccountId, CreatedAt = createdAt };
            foreach (var (tag, age) in new[] { ("v1", 30), ("v2", 1), ("v3-broken", 0), ("v3-slow-300ms", 0) })
                repository.ImagesByTag[tag] = new EcrImage(tag, DigestOf(tag), now.AddDays(-age).AddHours(-2), 48_000_000 + tag.Length * 1_000_000);
            world.Repositories.Add(repository);
        }

        world.Roles.Add(new IamRole(OperatorRoleArn(options.AccountId), null, TimeSpan.FromHours(1)));

        var zone = new HostedZone { Id = "Z" + Hex(random, 10).ToUpperInvariant(), Name = ZoneName, CallerReference = "localcloud-seed" };
        world.HostedZones.Add(zone);

        foreach (var (envName, isProtected, recordName, maxSize) in EnvironmentsToSeed)
        {
            var serviceName = $"webapp-{envName}";
            var seededRegions = new List<SeededRegion>();
            var table = new GlobalTable { Name = serviceName, CreatedAt = createdAt, TableId = Guid(random), ItemCount = envName == "production"
                ? 1_284_113 : 20_417, TableSizeBytes = envName == "production" ? 412_877_310 : 6_120_774 };
            world.Tables.Add(table);

            foreach (var region in options.Regions)
            {
                var id = Hex(random, 32);
                var service = new AppRunnerService
                {
                    Region = region,
                    Name = serviceName,
                    Id = id,
                    Arn = $"arn:aws:apprunner:{region}:{options.AccountId}:service/{serviceName}/{id}",
                    Environment = envName,
                    ImageIdentifier = $"{options.AccountId}.dkr.ecr.{region}.amazonaws.com/{Repository}:v1",
                    Source = SourceFor(options.AccountId, region, envName, serviceName, random),
                    Instance = new InstanceSettings("1024", "2048", $"arn:aws:iam::{options.AccountId}:role/{serviceName}-instance"),
                    HealthCheck = new HealthCheckSettings("HTTP", AppRunnerService.HealthPath, 10, 5, 1, 5),
                    Network = new NetworkSettings("DEFAULT", null, true, "IPV4"),
                    App = App,
                    AutoScalingConfigurationArn =
                        $"arn:aws:apprunner:{region}:{options.AccountId}:autoscalingconfiguration/DefaultConfiguration/1/{Hex(random, 32)}",
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

                var check = new HealthCheck { Id = Guid(random), CallerReference = $"{serviceName}-{region}", ServiceArn = service.Arn };
                world.HealthChecks.Add(check);
                zone.Records.Add(new ResourceRecordSet { Name = recordName, Type = "CNAME", SetIdentifier = region, Weight = 128, HealthCheckId = check.Id,
                    Ttl = 60 });
                table.Replicas[region] = "ACTIVE";
                seededRegions.Add(new SeededRegion(region, service.Arn, serviceName, Repository, check.Id, region));
                if (expressRegions.Contains(region))
                    world.ExpressServices.Add(ExpressSeeder.Seed(world, zone, random, region, envName, serviceName, recordName, service.ImageIdentifier,
                        createdAt, now));
            }
            world.Environments.Add(new SeededEnvironment(envName, isProtected, zone.Id, recordName, table.Name, seededRegions));
        }
        return world;
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
