using System.Text.RegularExpressions;

namespace Portal.Core.Topology;

/// <summary>An IAM role ARN: arn:{partition}:iam::{account}:role/{optional path/}{name}.</summary>
public sealed partial record IamRoleArn(string Partition, string AccountId, string RoleName)
{
    // STS's model bounds RoleArn to 20-2048 characters; IAM names a role with up to 64 of [\w+=,.@-], after an optional path.
    [GeneratedRegex(@"\Aarn:(?<partition>aws(-[a-z]+)*):iam::(?<account>\d{12}):role/(?:[\x21-\x7E]*/)?(?<name>[\w+=,.@-]{1,64})\z")]
    private static partial Regex Pattern();

    public const int MinLength = 20;
    public const int MaxLength = 2048;

    public static bool TryParse(string? arn, out IamRoleArn role)
    {
        role = null!;
        if (arn is null || arn.Length is < MinLength or > MaxLength) return false;
        var match = Pattern().Match(arn);
        if (!match.Success) return false;
        role = new IamRoleArn(match.Groups["partition"].Value, match.Groups["account"].Value, match.Groups["name"].Value);
        return true;
    }
}

/// <summary>The account field of any ARN (arn:partition:service:region:account:resource), for services whose ARNs the topology does not parse
/// further.</summary>
public static class AwsArn
{
    public static string? AccountOf(string? arn)
    {
        if (arn is null || !arn.StartsWith("arn:", StringComparison.Ordinal)) return null;
        var parts = arn.Split(':', 6);
        return parts.Length == 6 && parts[4].Length == 12 && parts[4].All(char.IsAsciiDigit) ? parts[4] : null;
    }
}
