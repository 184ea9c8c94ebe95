using System.Text;

namespace Portal.LocalCloud;

/// <summary>The start-up banner: where LocalCloud listens and the ids a person needs for the AWS CLI.</summary>
public static class SeedReport
{
    public static string Describe(LocalCloudHost cloud)
    {
        var world = cloud.World;
        var o = cloud.Options;
        var text = new StringBuilder();
        text.AppendLine($"LocalCloud listening on {cloud.Endpoint} (regions {string.Join(", ", world.Regions)}; access key '{o.AccessKeyId}', time scale " +
            $"{o.TimeScale})");
        text.AppendLine($"Fault injection: {cloud.Endpoint}_localcloud/faults   Seeded world as JSON: {cloud.Endpoint}_localcloud/world");
        lock (world.Gate)
        {
            foreach (var env in world.Environments)
            {
                text.AppendLine();
                text.AppendLine($"{env.Name}{(env.Protected ? " (protected)" : "")} in account " +
                    $"{env.AccountId}{(env.RoleArn is null ? "" : $" (assume {env.RoleArn} with external id '{env.ExternalId}')")}: record {env.RecordName} " +
                    $"in zone {env.HostedZoneId}, table {env.TableName}, global endpoint http://127.0.0.1:{env.GlobalEndpointPort}/");
                foreach (var r in env.Regions)
                {
                    var service = world.Services.Single(s => s.Arn == r.ServiceArn);
                    text.AppendLine($"  {r.Region}: {r.ServiceArn}");
                    text.AppendLine($"    endpoint http://{service.ServiceUrl}/   health check {r.HealthCheckId}   ECR " +
                        $"{env.AccountId}.dkr.ecr.{r.Region}.amazonaws.com/{r.EcrRepository}");
                }
                foreach (var express in world.ExpressServices.Where(e => e.Environment == env.Name))
                {
                    text.AppendLine($"  {express.Region} ECS Express: {express.Arn}");
                    text.AppendLine($"    load balancer {express.Endpoint}/   health check {express.HealthCheckId}   record set {express.SetIdentifier} " +
                        $"(weight 0)");
                }
            }
        }
        text.AppendLine();
        text.AppendLine($"Try: AWS_ACCESS_KEY_ID={o.AccessKeyId} AWS_SECRET_ACCESS_KEY={o.SecretAccessKey} /usr/bin/aws --endpoint-url " +
            $"{cloud.Endpoint.ToString().TrimEnd('/')} --region {world.Regions[^1]} apprunner list-services");
        return text.ToString();
    }
}
