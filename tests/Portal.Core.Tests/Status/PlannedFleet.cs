using Portal.Core.Status;
using Portal.Core.Topology;

namespace Portal.Core.Tests.Status;

/// <summary>The fleet the collector's planning tests read: 40 environments in three regions, within the default budgets.</summary>
internal static class PlannedFleet
{
    public static readonly string[] Regions = ["us-east-1", "us-east-2", "us-west-2"];

    // Half of AWS's documented or stated rates, as the defaults are.
    public static readonly ApiBudget[] Budgets =
    [
        new(CollectorApis.HealthCheckStatus, 0.5, 2, false),
        new(CollectorApis.Route53, 5, 25, false),
        new(CollectorApis.AppRunner, 5, 10, true),
        new(CollectorApis.DynamoDb, 5, 10, true),
        new(CollectorApis.CloudWatch, 25, 25, true),
    ];

    public static readonly IReadOnlyList<EnvironmentTopology> Fleet = [.. Enumerable.Range(1, 40).Select(i => new EnvironmentTopology(
        $"env-{i:00}", false, "Z1", $"env-{i:00}.example.com.", $"table-{i:00}",
        [.. Regions.Select((region, r) => new RegionTopology(region, $"arn:aws:apprunner:{region}:111122223333:service/env-{i:00}/{i:00}{r}", "web",
            $"hc-{i:00}-{r}", region))]))];
}
