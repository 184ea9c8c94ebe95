using System.Net.Http.Json;

namespace Portal.LocalCloud.Tests.Ecr;

/// <summary>ECR's JSON 1.1 DescribeImages and cross-region replication, through the AWS CLI.</summary>
public sealed class EcrCliTests : IAsyncLifetime
{
    private LocalCloudHost _cloud = null!;

    public async Task InitializeAsync() => _cloud = await TestCloud.StartAsync();

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    [Fact]
    public async Task Describe_images_by_tag_returns_the_seeded_image_with_its_digest()
    {
        var result = await AwsCli.RunAsync(_cloud, "us-east-2", "ecr", "describe-images", "--repository-name", "webapp", "--image-ids", "imageTag=v2");

        Assert.Equal(0, result.ExitCode);
        var image = Assert.Single(result.Json.GetProperty("imageDetails").EnumerateArray());
        Assert.Equal("webapp", image.GetProperty("repositoryName").GetString());
        Assert.Equal("v2", image.GetProperty("imageTags")[0].GetString());
        Assert.StartsWith("sha256:", image.GetProperty("imageDigest").GetString());
        Assert.True(image.GetProperty("imageSizeInBytes").GetInt64() > 0);
    }

    [Fact]
    public async Task Describe_images_without_ids_lists_every_tag()
    {
        var result = await AwsCli.RunAsync(_cloud, "us-east-1", "ecr", "describe-images", "--repository-name", "webapp");

        Assert.Equal(0, result.ExitCode);
        var tags = result.Json.GetProperty("imageDetails").EnumerateArray().Select(i => i.GetProperty("imageTags")[0].GetString()).Order();
        Assert.Equal(["v1", "v2", "v3-broken", "v3-slow-300ms"], tags);
    }

    [Fact]
    public async Task A_missing_tag_is_image_not_found()
    {
        var result = await AwsCli.RunAsync(_cloud, "us-east-1", "ecr", "describe-images", "--repository-name", "webapp", "--image-ids", "imageTag=v42");

        Assert.Equal(254, result.ExitCode);
        Assert.Equal("ImageNotFoundException", result.ErrorCode);
    }

    [Fact]
    public async Task A_missing_repository_is_repository_not_found()
    {
        var result = await AwsCli.RunAsync(_cloud, "us-east-1", "ecr", "describe-images", "--repository-name", "nope");

        Assert.Equal("RepositoryNotFoundException", result.ErrorCode);
    }

    [Fact]
    public async Task A_pushed_image_appears_in_the_first_region_at_once_and_in_the_second_after_replication()
    {
        using var http = new HttpClient();
        var push = await http.PostAsJsonAsync(new Uri(_cloud.Endpoint, "/_localcloud/images"), new { tag = "v4" });
        Assert.Equal(200, (int)push.StatusCode);

        var first = await AwsCli.RunAsync(_cloud, "us-east-1", "ecr", "describe-images", "--repository-name", "webapp", "--image-ids", "imageTag=v4");
        Assert.Equal(0, first.ExitCode);
        Assert.True(await TestCloud.Eventually(async () =>
            (await AwsCli.RunAsync(_cloud, "us-east-2", "ecr", "describe-images", "--repository-name", "webapp", "--image-ids", "imageTag=v4")).ExitCode == 0,
            TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Replication_waits_while_the_destination_region_is_down()
    {
        _cloud.Faults.SetRegionDown("us-east-2", true);
        using var http = new HttpClient();
        await http.PostAsJsonAsync(new Uri(_cloud.Endpoint, "/_localcloud/images"), new { tag = "v5" });

        await Task.Delay(_cloud.Clock.Scaled(TimeSpan.FromSeconds(120)));
        lock (_cloud.World.Gate)
            Assert.False(_cloud.World.Repositories.Single(r => r.Region == "us-east-2").ImagesByTag.ContainsKey("v5"));

        _cloud.Faults.SetRegionDown("us-east-2", false);
        Assert.True(await TestCloud.Eventually(() =>
        {
            lock (_cloud.World.Gate) return _cloud.World.Repositories.Single(r => r.Region == "us-east-2").ImagesByTag.ContainsKey("v5");
        }, TimeSpan.FromSeconds(30)));
    }
}
