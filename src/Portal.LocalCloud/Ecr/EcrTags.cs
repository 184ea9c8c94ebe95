using System.Text.RegularExpressions;

namespace Portal.LocalCloud.Ecr;

public static partial class EcrTags
{
    /// <summary>Docker/ECR tag grammar: up to 128 of [A-Za-z0-9_.-], not starting with '.' or '-'.</summary>
    public static bool IsValid(string tag) => TagPattern().IsMatch(tag);

    [GeneratedRegex(@"\A[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}\z")]
    private static partial Regex TagPattern();
}
