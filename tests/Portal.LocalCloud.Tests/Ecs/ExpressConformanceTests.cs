using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;

namespace Portal.LocalCloud.Tests.Ecs;

/// <summary>ECS Express Mode as botocore (AWS's own model) drives it against a LocalCloud seeded with us-east-2 on ECS Express.</summary>
public sealed class ExpressConformanceTests : IAsyncLifetime
{
    private LocalCloudHost _cloud = null!;

    public async Task InitializeAsync() =>
        _cloud = await LocalCloudHost.StartAsync(
            new LocalCloudOptions { Port = 0, TimeScale = TestCloud.FastScale, TrafficRatePerSecond = 0, Runtime = "us-east-2=EcsExpress" },
            NullLoggerFactory.Instance);

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    [Fact]
    public async Task Botocore_drives_every_express_operation_and_every_answer_matches_the_ecs_model()
    {
        string arn;
        lock (_cloud.World.Gate) arn = _cloud.World.ExpressServices.Single(s => s.Region == "us-east-2" && s.Environment == "production").Arn;
        var python = await Boto3.FindPythonAsync();
        var script = Path.Combine(AppContext.BaseDirectory, "Ecs", "express_conformance.py");

        var result = await Boto3.RunAsync(python, [script, _cloud.Endpoint.ToString().TrimEnd('/'), "us-east-2", arn], TimeSpan.FromMinutes(3));

        Assert.True(result.ExitCode == 0, $"conformance script failed:\n{result.Stderr}\n{result.Stdout}");
        var summary = JsonDocument.Parse(result.Stdout.Trim().Split('\n')[^1]).RootElement;
        Assert.Equal(
            ["DescribeExpressGatewayService", "DescribeServiceDeployments", "ListServiceDeployments", "UpdateExpressGatewayService"],
            summary.GetProperty("operations").EnumerateArray().Select(o => o.GetString()));
        Assert.True(summary.GetProperty("checks").GetInt32() > 100, $"the script checked too little: {result.Stdout}");
    }
}
