using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.LocalCloud.Protocol;
using Portal.LocalCloud.World;

namespace Portal.LocalCloud.Ecr;

/// <summary>ECR over JSON 1.1 (X-Amz-Target: AmazonEC2ContainerRegistry_V20150921.*): DescribeImages.</summary>
public sealed class EcrApi(CloudWorld world) : IAwsApi
{
    private const string TargetPrefix = "AmazonEC2ContainerRegistry_V20150921.";

    public string SigningName => "ecr";
    public AwsProtocol Protocol => AwsProtocol.Json11;
    public string ThrottlingCode => "ThrottlingException";

    public bool Matches(HttpRequest request) => request.Headers["X-Amz-Target"].ToString().StartsWith(TargetPrefix, StringComparison.Ordinal);

    public Task HandleAsync(ApiRequest request) => request.Operation switch
    {
        "DescribeImages" => Json.Write(request.Http, Protocol, DescribeImages(request, request.Json())),
        _ => throw new AwsError("UnknownOperationException", $"Operation {request.Operation} is not supported by LocalCloud's ECR."),
    };

    private JsonObject DescribeImages(ApiRequest request, JsonElement input)
    {
        var region = request.Region;
        var name = Json.RequiredString(input, "repositoryName", "InvalidParameterException");
        // A caller reads its own account's registry unless it names another; seeded repositories have no
        // repository policy, so another account's registry is AccessDenied, as ECR answers without one.
        var registryId = Json.OptionalString(input, "registryId") ?? request.AccountId;
        if (registryId != request.AccountId)
            throw new AwsError("AccessDeniedException", $"User: arn:aws:iam::{request.AccountId}:user/localcloud is not authorized to perform: " +
                $"ecr:DescribeImages on resource: arn:aws:ecr:{region}:{registryId}:repository/{name} because no resource-based policy allows the " +
                $"ecr:DescribeImages action");
        var maxResults = Json.OptionalInt(input, "maxResults") ?? 100;
        if (maxResults is < 1 or > 1000) throw new AwsError("InvalidParameterException",
            $"1 validation error detected: Value '{maxResults}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 1000");
        var offset = Json.OffsetFromToken(input);

        lock (world.Gate)
        {
            var repository = world.Repositories.SingleOrDefault(r => r.Region == region && r.Name == name && r.RegistryId == registryId)
                ?? throw new AwsError("RepositoryNotFoundException", $"The repository with name '{name}' does not exist in the registry with id " +
                    $"'{registryId}'");

            IEnumerable<EcrImage> images;
            if (input.TryGetProperty("imageIds", out var ids) && ids.ValueKind == JsonValueKind.Array)
            {
                var found = new List<EcrImage>();
                foreach (var id in ids.EnumerateArray())
                {
                    var tag = Json.OptionalString(id, "imageTag");
                    var digest = Json.OptionalString(id, "imageDigest");
                    if (tag is null && digest is null) throw new AwsError("InvalidParameterException",
                        "Invalid parameter at 'imageIds': each image id needs an imageTag or an imageDigest.");
                    var image = repository.ImagesByTag.Values.FirstOrDefault(i => (tag is null || i.Tag == tag) && (digest is null || i.Digest == digest))
                        ?? throw new AwsError("ImageNotFoundException", $"The image with imageId {{imageDigest:'{digest ?? "null"}', " +
                            $"imageTag:'{tag ?? "null"}'}} does not exist within the repository with name '{name}' in the registry with id '{registryId}'");
                    found.Add(image);
                }
                images = found;
            }
            else images = repository.ImagesByTag.Values.OrderBy(i => i.PushedAt);

            var page = images.Skip(offset).Take(maxResults + 1).ToList();
            var result = new JsonObject
            {
                ["imageDetails"] = new JsonArray([.. page.Take(maxResults).Select(i => (JsonNode)new JsonObject
                {
                    ["registryId"] = repository.RegistryId,
                    ["repositoryName"] = repository.Name,
                    ["imageDigest"] = i.Digest,
                    ["imageTags"] = new JsonArray(i.Tag),
                    ["imageSizeInBytes"] = i.SizeInBytes,
                    ["imagePushedAt"] = Json.Epoch(i.PushedAt),
                    ["imageManifestMediaType"] = "application/vnd.docker.distribution.manifest.v2+json",
                    ["artifactMediaType"] = "application/vnd.docker.container.image.v1+json",
                })]),
            };
            if (page.Count > maxResults) result["nextToken"] = Json.TokenForOffset(offset + maxResults);
            return result;
        }
    }
}
