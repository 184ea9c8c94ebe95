namespace Portal.Core.Images;

public sealed record ImageInfo(string Repository, string Tag, string? Digest, DateTimeOffset? PushedAt, long? SizeInBytes);

/// <summary>A regional container image registry (ECR).</summary>
public interface IImageRegistry
{
    /// <summary>The image with <paramref name="tag"/> in the region's repository, or null when that tag is not there (yet).</summary>
    Task<ImageInfo?> FindImageAsync(string region, string repository, string tag, CancellationToken ct = default);
}
