namespace Portal.LocalCloud.World;

/// <summary>A private ECR repository in one region; images pushed to the first region replicate to the others.</summary>
public sealed class EcrRepository
{
    public required string Region { get; init; }
    public required string Name { get; init; }
    public required string RegistryId { get; init; }
    public string Uri => $"{RegistryId}.dkr.ecr.{Region}.amazonaws.com/{Name}";
    public DateTimeOffset CreatedAt { get; init; }

    public Dictionary<string, EcrImage> ImagesByTag { get; } = new(StringComparer.Ordinal);
}

public sealed record EcrImage(string Tag, string Digest, DateTimeOffset PushedAt, long SizeInBytes);
