using Portal.LocalCloud.World;

namespace Portal.LocalCloud.CloudWatch;

/// <summary>
/// CloudWatch keeps each account's metrics apart: a request sees only the metrics of the account that signed it.
/// LocalCloud keeps one metric store per region for every account, so it tells a metric's account from the resource
/// its dimensions name (App Runner's ServiceID, Route 53's HealthCheckId, DynamoDB's TableName, an Express service's
/// LoadBalancer or AWS/ECS ServiceName); a metric naming none of them belongs to the first account.
/// </summary>
public sealed class MetricAccounts(CloudWorld world)
{
    public bool Sees(string accountId, MetricKey key) => AccountOf(key) == accountId;

    public string AccountOf(MetricKey key)
    {
        lock (world.Gate)
        {
            foreach (var d in key.Dimensions)
            {
                var account = d.Name switch
                {
                    "ServiceID" => world.Services.FirstOrDefault(s => s.Id == d.Value)?.AccountId,
                    "HealthCheckId" => world.HealthChecks.FirstOrDefault(h => h.Id == d.Value)?.AccountId,
                    "TableName" => world.Tables.FirstOrDefault(t => t.Name == d.Value)?.AccountId,
                    "LoadBalancer" => world.ExpressServices.FirstOrDefault(s => s.Region == key.Region && s.LoadBalancerDimension == d.Value)?.AccountId,
                    "ServiceName" when key.Namespace == "AWS/ECS" =>
                        world.ExpressServices.FirstOrDefault(s => s.Region == key.Region && s.Name == d.Value)?.AccountId,
                    _ => null,
                };
                if (account is not null) return account;
            }
            return world.AccountId;
        }
    }
}
