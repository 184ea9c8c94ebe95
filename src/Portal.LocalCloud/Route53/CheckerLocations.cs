using Portal.LocalCloud.World;

namespace Portal.LocalCloud.Route53;

/// <summary>
/// Where Route 53's health checkers run: its 8 checker regions, two addresses each, taken from the
/// ROUTE53_HEALTHCHECKS ranges AWS publishes, so GetHealthCheckStatus looks like the real thing and a
/// firewall rule written against these addresses would be right.
/// </summary>
public static class CheckerLocations
{
    public static readonly IReadOnlyList<(string Region, string IpAddress)> All =
    [
        ("us-east-1", "54.243.31.198"), ("us-east-1", "107.23.255.12"),
        ("us-west-1", "54.183.255.140"), ("us-west-1", "54.241.32.78"),
        ("us-west-2", "54.244.52.200"), ("us-west-2", "54.245.168.14"),
        ("eu-west-1", "54.228.16.6"), ("eu-west-1", "176.34.159.204"),
        ("ap-southeast-1", "54.251.31.140"), ("ap-southeast-1", "54.255.254.198"),
        ("ap-southeast-2", "54.252.79.134"), ("ap-southeast-2", "54.252.254.206"),
        ("ap-northeast-1", "54.248.220.10"), ("ap-northeast-1", "54.250.253.200"),
        ("sa-east-1", "54.232.40.70"), ("sa-east-1", "177.71.207.140"),
    ];

    /// <summary>Gives a health check its 16 checkers if it has none; call under <see cref="CloudWorld.Gate"/>.</summary>
    public static void EnsureCheckers(HealthCheck check, DateTimeOffset now)
    {
        if (check.Checkers.Count > 0) return;
        foreach (var (region, ip) in All)
            check.Checkers.Add(new CheckerObservation { Region = region, IpAddress = ip, CheckedTime = now });
    }
}
