namespace Portal.LocalCloud.Tests.Protocol;

/// <summary>SigV4 is verified on every API: a wrong secret or an unknown key gets each protocol's AWS error.</summary>
public sealed class SignatureTests : IAsyncLifetime
{
    private LocalCloudHost _cloud = null!;

    public async Task InitializeAsync() => _cloud = await TestCloud.StartAsync();

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    [Theory]
    [InlineData("us-east-1", "InvalidSignatureException", "apprunner", "list-services")]
    [InlineData("us-east-1", "InvalidSignatureException", "ecr", "describe-images", "--repository-name", "webapp")]
    [InlineData("us-east-1", "InvalidSignatureException", "dynamodb", "list-tables")]
    [InlineData("us-east-1", "SignatureDoesNotMatch", "route53", "list-health-checks")]
    [InlineData("us-east-1", "SignatureDoesNotMatch", "cloudwatch", "list-metrics")]
    public async Task A_request_signed_with_the_wrong_secret_is_rejected(string region, string code, params string[] command)
    {
        var result = await AwsCli.RunAsync(_cloud.Endpoint, region, "not-the-secret", command);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal(code, result.ErrorCode);
    }

    [Fact]
    public async Task An_unsigned_request_is_refused()
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, _cloud.Endpoint) { Content = new StringContent("{}") };
        request.Headers.Add("X-Amz-Target", "AppRunner.ListServices");

        var response = await http.SendAsync(request);

        Assert.Equal(403, (int)response.StatusCode);
        Assert.Contains("MissingAuthenticationTokenException", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_region_comes_from_the_credential_scope()
    {
        var east1 = await AwsCli.RunAsync(_cloud, "us-east-1", "apprunner", "list-services");
        var east2 = await AwsCli.RunAsync(_cloud, "us-east-2", "apprunner", "list-services");

        Assert.All(east1.Json.GetProperty("ServiceSummaryList").EnumerateArray(), s => Assert.Contains(":us-east-1:", s.GetProperty("ServiceArn").GetString()));
        Assert.All(east2.Json.GetProperty("ServiceSummaryList").EnumerateArray(), s => Assert.Contains(":us-east-2:", s.GetProperty("ServiceArn").GetString()));
    }
}
