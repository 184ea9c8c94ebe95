using Portal.Core.Status;

namespace Portal.Status;

/// <summary>
/// The collector's share of AWS's API rates (Portal:Budgets), per second with a burst, as token buckets. The defaults
/// are half of AWS's documented limits, since other tools of the account share them: Route 53 allows
/// GetHealthCheckStatus 1 per second (burst 4) and all its calls together 10 per second (burst 50) per account;
/// CloudWatch GetMetricData 50 per second per region. App Runner and DynamoDB publish no rate for the read calls the
/// collector makes (DescribeService, ListOperations, DescribeTable): 5 per second per region is a conservative default.
/// Raising one towards AWS's limit leaves nothing for the account's other tools. The sources are listed in docs/collector.md.
/// </summary>
public sealed class BudgetOptions
{
    public const string Section = "Portal:Budgets";

    public double HealthCheckStatusPerSecond { get; set; } = 0.5;

    public double HealthCheckStatusBurst { get; set; } = 2;

    public double Route53PerSecond { get; set; } = 5;

    public double Route53Burst { get; set; } = 25;

    public double AppRunnerPerSecond { get; set; } = 5;

    public double AppRunnerBurst { get; set; } = 10;

    public double DynamoDbPerSecond { get; set; } = 5;

    public double DynamoDbBurst { get; set; } = 10;

    public double CloudWatchPerSecond { get; set; } = 25;

    public double CloudWatchBurst { get; set; } = 25;

    public IReadOnlyList<ApiBudget> Budgets() =>
    [
        new(CollectorApis.HealthCheckStatus, HealthCheckStatusPerSecond, HealthCheckStatusBurst, PerRegion: false),
        new(CollectorApis.Route53, Route53PerSecond, Route53Burst, PerRegion: false),
        new(CollectorApis.AppRunner, AppRunnerPerSecond, AppRunnerBurst, PerRegion: true),
        new(CollectorApis.DynamoDb, DynamoDbPerSecond, DynamoDbBurst, PerRegion: true),
        new(CollectorApis.CloudWatch, CloudWatchPerSecond, CloudWatchBurst, PerRegion: true),
    ];

    public IEnumerable<string> Problems()
    {
        var values = new (string Rate, double PerSecond, string BurstName, double Burst)[]
        {
            (nameof(HealthCheckStatusPerSecond), HealthCheckStatusPerSecond, nameof(HealthCheckStatusBurst), HealthCheckStatusBurst),
            (nameof(Route53PerSecond), Route53PerSecond, nameof(Route53Burst), Route53Burst),
            (nameof(AppRunnerPerSecond), AppRunnerPerSecond, nameof(AppRunnerBurst), AppRunnerBurst),
            (nameof(DynamoDbPerSecond), DynamoDbPerSecond, nameof(DynamoDbBurst), DynamoDbBurst),
            (nameof(CloudWatchPerSecond), CloudWatchPerSecond, nameof(CloudWatchBurst), CloudWatchBurst),
        };
        foreach (var (rate, perSecond, burstName, burst) in values)
        {
            if (!(perSecond > 0)) yield return $"{Section}:{rate} must be above 0 calls per second (got {perSecond}).";
            if (!(burst >= 1)) yield return $"{Section}:{burstName} must be at least 1 call (got {burst}).";
        }
    }
}
