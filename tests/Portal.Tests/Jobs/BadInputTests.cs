using System.Net;
using System.Text;
using System.Text.Json;

namespace Portal.Tests.Jobs;

/// <summary>Every refused request names its field, says what is allowed, and queues nothing.</summary>
public sealed class BadInputTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    private readonly JobsClient _jobs = new(app);

    public static TheoryData<string, string, string, string> Refusals => new()
    {
        { "/api/environments/qa/deployments", """{"imageTag":"v2"}""", "environment", "Unknown environment 'qa'" },
        { "/api/environments/staging/deployments", """{"imageTag":"webapp:v2"}""", "imageTag", "is not an image tag" },
        { "/api/environments/staging/deployments", """{}""", "imageTag", "An image tag is required" },
        { "/api/environments/staging/deployments", """{"imagetag":"v2"}""", "imagetag", "Unknown field" },
        { "/api/environments/staging/deployments", """{"imageTag":"v2","drain":"yes"}""", "drain", "Must be true or false" },
        { "/api/environments/staging/deployments", """{"imageTag":""", "body", "not valid JSON" },
        { "/api/environments/production/deployments", """{"imageTag":"v2"}""", "confirmEnvironment", "type its name, 'production'" },
        { "/api/environments/production/deployments", """{"imageTag":"v2","confirmEnvironment":"staging"}""", "confirmEnvironment", "protected" },
        { "/api/environments/staging/weights", """{"weights":{"us-east-1":300,"us-east-2":0}}""", "weights.us-east-1", "outside 0-255" },
        { "/api/environments/staging/weights", """{"weights":{"us-east-1":-1,"us-east-2":0}}""", "weights.us-east-1", "outside 0-255" },
        { "/api/environments/staging/weights", """{"weights":{"us-east-1":"half","us-east-2":0}}""", "weights.us-east-1", "whole number 0-255" },
        { "/api/environments/staging/weights", """{"weights":{"us-east-1":255}}""", "weights.us-east-2", "is required" },
        { "/api/environments/staging/weights", """{"weights":{"us-east-1":255,"us-east-2":0,"eu-west-1":1}}""", "weights.eu-west-1", "is not a region of staging" },
        { "/api/environments/staging/weights", """{"weights":{"us-east-1":0,"us-east-2":0}}""", "allowAllZero", "splits traffic evenly" },
        { "/api/environments/staging/pause", """{"region":"eu-west-1"}""", "region", "is not a region of staging" },
        { "/api/environments/staging/resume", """{"region":7}""", "region", "Must be a string" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_bad_request_is_refused_with_a_field_error_and_nothing_is_queued(string path, string body, string field, string message)
    {
        var before = await _jobs.JobCountAsync();
        var response = await _jobs.Http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"no error for {field}: {text}");
        Assert.Contains(messages.EnumerateArray(), m => m.GetString()!.Contains(message, StringComparison.Ordinal));
        Assert.Equal(before, await _jobs.JobCountAsync());
    }

    [Fact]
    public async Task An_unknown_job_is_a_404_and_an_unknown_filter_a_field_error()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _jobs.Http.GetAsync("/api/jobs/op-000000000000")).StatusCode);
        var response = await _jobs.Http.GetAsync("/api/jobs?state=Sleeping");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Queued, Running, Succeeded, Failed, Cancelled, Interrupted", await response.Content.ReadAsStringAsync());
    }
}
