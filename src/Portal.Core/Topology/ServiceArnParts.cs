using System.Text.RegularExpressions;

namespace Portal.Core.Topology;

/// <summary>The pieces of an App Runner service ARN: arn:aws:apprunner:{region}:{account}:service/{name}/{id}.</summary>
public sealed partial record ServiceArnParts(string Partition, string Region, string AccountId, string ServiceName, string ServiceId)
{
    // Partitions other than aws (aws-cn, aws-us-gov) keep the same shape.
    [GeneratedRegex(@"\Aarn:(?<partition>aws(-[a-z]+)*):apprunner:(?<region>[a-z]{2}(-[a-z]+)+-\d):(?<account>\d{12}):" +
        @"service/(?<name>[A-Za-z0-9][A-Za-z0-9_-]{3,39})/(?<id>[0-9a-f]{32})\z")]
    private static partial Regex Pattern();

    public static bool TryParse(string? arn, out ServiceArnParts parts)
    {
        parts = null!;
        if (arn is null) return false;
        var match = Pattern().Match(arn);
        if (!match.Success) return false;
        parts = new ServiceArnParts(match.Groups["partition"].Value, match.Groups["region"].Value, match.Groups["account"].Value,
            match.Groups["name"].Value, match.Groups["id"].Value);
        return true;
    }
}

/// <summary>
/// The pieces of an ECS service ARN (the long format every Express service has):
/// arn:aws:ecs:{region}:{account}:service/{cluster}/{name}.
/// </summary>
public sealed partial record EcsServiceArnParts(string Partition, string Region, string AccountId, string Cluster, string ServiceName)
{
    // ECS names: up to 255 letters, digits, hyphens and underscores.
    [GeneratedRegex(@"\Aarn:(?<partition>aws(-[a-z]+)*):ecs:(?<region>[a-z]{2}(-[a-z]+)+-\d):(?<account>\d{12}):" +
        @"service/(?<cluster>[A-Za-z0-9_-]{1,255})/(?<name>[A-Za-z0-9_-]{1,255})\z")]
    private static partial Regex Pattern();

    public static bool TryParse(string? arn, out EcsServiceArnParts parts)
    {
        parts = null!;
        if (arn is null) return false;
        var match = Pattern().Match(arn);
        if (!match.Success) return false;
        parts = new EcsServiceArnParts(match.Groups["partition"].Value, match.Groups["region"].Value, match.Groups["account"].Value,
            match.Groups["cluster"].Value, match.Groups["name"].Value);
        return true;
    }
}
