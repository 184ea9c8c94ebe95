using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.Core.Images;
using static Portal.Aws.WireReader;

namespace Portal.Aws.Ecr;

/// <summary>ECR DescribeImages over JSON 1.1.</summary>
public sealed class EcrClient(AwsJsonProtocol protocol) : IImageRegistry
{
    private const string Operation = "DescribeImages";

    public async Task<ImageInfo?> FindImageAsync(string region, string repository, string tag, CancellationToken ct = default)
    {
        var input = new JsonObject
        {
            ["repositoryName"] = repository,
            ["imageIds"] = new JsonArray(new JsonObject { ["imageTag"] = tag }),
        };
        JsonElement root;
        try
        {
            root = await protocol.CallAsync(AwsJsonApi.Ecr, region, Operation, input, ct);
        }
        catch (AwsServiceException e) when (e.Code == "ImageNotFoundException")
        {
            // Not replicated (yet) is an answer, not a failure: the deploy waits for it.
            return null;
        }
        try
        {
            return EcrWire.ParseImages(root, repository).FirstOrDefault(i => i.Tag == tag);
        }
        catch (WireFormatException e)
        {
            throw new AwsResponseException(AwsService.Ecr.DisplayName, Operation, region, e.Message, e);
        }
    }
}

public static class EcrWire
{
    /// <summary>DescribeImages' imageDetails, one <see cref="ImageInfo"/> per tag of each image.</summary>
    public static IReadOnlyList<ImageInfo> ParseImages(JsonElement root, string repository)
    {
        var images = new List<ImageInfo>();
        var index = 0;
        foreach (var detail in Array(root, "imageDetails", "$"))
        {
            var path = $"$.imageDetails[{index++}]";
            if (detail.ValueKind != JsonValueKind.Object) throw new WireFormatException($"{path} is {detail.ValueKind}, expected an object.");
            var digest = OptionalString(detail, "imageDigest", path);
            var pushedAt = OptionalTimestamp(detail, "imagePushedAt", path);
            var size = OptionalLong(detail, "imageSizeInBytes", path);
            var repo = OptionalString(detail, "repositoryName", path) ?? repository;
            var tagIndex = 0;
            foreach (var tag in Array(detail, "imageTags", path))
            {
                if (tag.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(tag.GetString()))
                    throw new WireFormatException($"{path}.imageTags[{tagIndex}] is {tag.ValueKind}, expected a tag string.");
                images.Add(new ImageInfo(repo, tag.GetString()!, digest, pushedAt, size));
                tagIndex++;
            }
        }
        return images;
    }
}
