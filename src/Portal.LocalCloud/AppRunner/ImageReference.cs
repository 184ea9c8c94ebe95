using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using Portal.LocalCloud.World;

namespace Portal.LocalCloud.AppRunner;

/// <summary>A private ECR image identifier: {account}.dkr.ecr.{region}.amazonaws.com/{repository}:{tag}.</summary>
public sealed partial record ImageReference(string RegistryId, string Region, string Repository, string Tag)
{
    public static bool TryParse(string value, [NotNullWhen(true)] out ImageReference? image)
    {
        var match = Pattern().Match(value);
        image = match.Success ? new ImageReference(match.Groups["account"].Value, match.Groups["region"].Value, match.Groups["repo"].Value,
            match.Groups["tag"].Value) : null;
        return image is not null;
    }

    /// <summary>True when the image is a private ECR image present in its repository (what a pull needs).</summary>
    public static bool ExistsIn(CloudWorld world, string imageIdentifier)
    {
        if (!TryParse(imageIdentifier, out var image)) return false;
        lock (world.Gate)
            return world.Repositories.Any(r => r.Region == image.Region && r.RegistryId == image.RegistryId && r.Name == image.Repository
                && r.ImagesByTag.ContainsKey(image.Tag));
    }

    [GeneratedRegex(@"\A(?<account>\d{12})\.dkr\.ecr\.(?<region>[a-z]{2}(-[a-z]+)+-\d)\.amazonaws\.com/" +
        @"(?<repo>[a-z0-9]+(?:[._/-][a-z0-9]+)*):(?<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})\z")]
    private static partial Regex Pattern();
}
