using System.Text.Json;
using Portal.LocalCloud.Tests.Ecs;

namespace Portal.LocalCloud.Tests.Route53;

/// <summary>
/// Route 53's documented throttling answer on the wire, seen by botocore (an independent client with AWS's model):
/// a burst of GetHealthCheckStatus past 4 gets HTTP 400 with Code Throttling and Message "Rate exceeded", and
/// /_localcloud/stats counts the throttled answers beside the calls.
/// </summary>
public sealed class Route53ThrottlingWireTests : IAsyncLifetime
{
    private LocalCloudHost _cloud = null!;

    public async Task InitializeAsync() => _cloud = await TestCloud.StartAsync();

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    // Ten calls back to back with one attempt each, then a pause of 1.5 s and one more: prints each outcome and the
    // seconds the burst took, so the test can bound how many tokens can have been refilled meanwhile.
    private const string Script = """
        import json, sys, time
        import boto3
        from botocore.config import Config
        from botocore.exceptions import ClientError
        endpoint, check = sys.argv[1:3]
        client = boto3.client("route53", endpoint_url=endpoint, region_name="us-east-1",
            aws_access_key_id="test", aws_secret_access_key="test",
            config=Config(retries={"total_max_attempts": 1, "mode": "standard"}))
        def call():
            try:
                client.get_health_check_status(HealthCheckId=check)
                return {"ok": True}
            except ClientError as e:
                return {"ok": False, "status": e.response["ResponseMetadata"]["HTTPStatusCode"],
                        "code": e.response["Error"]["Code"], "message": e.response["Error"]["Message"]}
        started = time.monotonic()
        burst = [call() for _ in range(10)]
        seconds = time.monotonic() - started
        time.sleep(1.5)
        print(json.dumps({"burst": burst, "seconds": seconds, "after": call()}))
        """;

    [Fact]
    public async Task A_burst_of_GetHealthCheckStatus_past_four_is_throttled_as_Route_53_answers_and_refills_after_a_second()
    {
        string checkId;
        lock (_cloud.World.Gate) checkId = _cloud.World.HealthChecks[0].Id;
        var python = await Boto3.FindPythonAsync();

        var result = await Boto3.RunAsync(python, ["-c", Script, _cloud.Endpoint.ToString().TrimEnd('/'), checkId], TimeSpan.FromMinutes(2));

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        var burst = json.RootElement.GetProperty("burst").EnumerateArray().ToList();
        var seconds = json.RootElement.GetProperty("seconds").GetDouble();
        var admitted = burst.Count(c => c.GetProperty("ok").GetBoolean());
        Assert.All(burst.Take(4), c => Assert.True(c.GetProperty("ok").GetBoolean()));
        // One token a second refills during the burst: at most 4 + floor(seconds) calls can have been admitted.
        Assert.InRange(admitted, 4, 4 + (int)Math.Floor(seconds));
        Assert.True(admitted < 10, $"no call throttled in a burst of 10 that took {seconds:F2} s");
        foreach (var throttled in burst.Where(c => !c.GetProperty("ok").GetBoolean()))
        {
            Assert.Equal(400, throttled.GetProperty("status").GetInt32());
            Assert.Equal("Throttling", throttled.GetProperty("code").GetString());
            Assert.Equal("Rate exceeded", throttled.GetProperty("message").GetString());
        }
        Assert.True(json.RootElement.GetProperty("after").GetProperty("ok").GetBoolean(), "the bucket did not refill after 1.5 s");

        using var http = new HttpClient();
        using var stats = JsonDocument.Parse(await http.GetStringAsync(new Uri(_cloud.Endpoint, "/_localcloud/stats")));
        Assert.Equal(11, stats.RootElement.GetProperty("byOperation").GetProperty("route53:GetHealthCheckStatus").GetInt64());
        Assert.Equal(10 - admitted, stats.RootElement.GetProperty("throttledByOperation").GetProperty("route53:GetHealthCheckStatus").GetInt64());
    }
}
