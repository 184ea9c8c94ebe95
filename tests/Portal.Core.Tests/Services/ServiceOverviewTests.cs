using Portal.Core.Services;
using Portal.Core.Topology;

namespace Portal.Core.Tests.Services;

public class ServiceOverviewTests
{
    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private sealed class FakeRuntime : IServiceRuntime
    {
        public HashSet<string> FailingRegions { get; } = [];

        public Task<ServiceState> DescribeAsync(string region, string serviceArn, CancellationToken ct = default) =>
            FailingRegions.Contains(region)
                ? Task.FromException<ServiceState>(new InvalidOperationException($"{region} is down"))
                : Task.FromResult(new ServiceState(serviceArn, "webapp", "id", ServiceStatus.Running, $"123456789012.dkr.ecr.{region}.amazonaws.com/webapp:v7", "x.awsapprunner.com", null));

        public Task<IReadOnlyList<ServiceOperation>> ListOperationsAsync(string region, string serviceArn, int max = 20, CancellationToken ct = default) =>
            Task.FromResult<IReadOnlyList<ServiceOperation>>([
                new ServiceOperation("newest", OperationType.UpdateService, OperationStatus.InProgress, Now, null, Now),
                new ServiceOperation("older", OperationType.CreateService, OperationStatus.Succeeded, Now.AddDays(-1), Now.AddDays(-1), Now.AddDays(-1)),
            ]);
    }

    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    private static PortalTopology Topology() => new([
        new EnvironmentTopology("production", true, "Z1", "app.example.com.", "t", [
            new RegionTopology("us-east-1", "arn-1", "webapp", "hc-1", "us-east-1"),
            new RegionTopology("us-east-2", "arn-2", "webapp", "hc-2", "us-east-2"),
        ]),
    ]);

    [Fact]
    public async Task A_failing_region_is_reported_for_that_region_while_the_other_still_shows()
    {
        var runtime = new FakeRuntime();
        runtime.FailingRegions.Add("us-east-2");

        var view = Assert.Single(await new ServiceOverview(runtime, new FixedTime(Now)).ReadAsync(Topology()));

        Assert.Equal(["us-east-1", "us-east-2"], view.Regions.Select(r => r.Region.Region));
        Assert.Equal(ServiceStatus.Running, view.Regions[0].Service!.Status);
        Assert.Null(view.Regions[0].Error);
        Assert.Null(view.Regions[1].Service);
        Assert.Equal("us-east-2 is down", view.Regions[1].Error);
    }

    [Fact]
    public async Task The_latest_operation_is_the_newest_one_app_runner_lists()
    {
        var view = Assert.Single(await new ServiceOverview(new FakeRuntime(), new FixedTime(Now)).ReadAsync(Topology()));

        Assert.All(view.Regions, r => Assert.Equal("newest", r.LatestOperation!.Id));
        Assert.All(view.Regions, r => Assert.Equal(Now, r.ReadAt));
    }

    [Theory]
    [InlineData("123456789012.dkr.ecr.us-east-1.amazonaws.com/webapp:v2", "v2")]
    [InlineData("localhost:5000/webapp", null)]
    [InlineData("localhost:5000/webapp:v3-broken", "v3-broken")]
    [InlineData("123456789012.dkr.ecr.us-east-1.amazonaws.com/webapp@sha256:abc", "sha256:abc")]
    [InlineData(null, null)]
    public void The_image_tag_is_read_from_the_image_identifier(string? identifier, string? tag)
    {
        Assert.Equal(tag, ImageReference.TagOf(identifier));
    }

    [Fact]
    public void Statuses_are_shown_as_aws_writes_them()
    {
        Assert.Equal("OPERATION_IN_PROGRESS", ServiceStatus.OperationInProgress.ToAwsName());
        Assert.Equal("ROLLBACK_SUCCEEDED", OperationStatus.RollbackSucceeded.ToAwsName());
        Assert.Equal("RUNNING", ServiceStatus.Running.ToAwsName());
    }
}
