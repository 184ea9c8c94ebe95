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
        { "/api/environments/staging/weights", """{"weights":{"us-east-1":255,"us-east-2":0,"eu-west-1":1}}""", "weights.eu-west-1",
            "is not a region of staging" },
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

    [Theory]
    [InlineData("kind=42", "kind")]
    [InlineData("kind=-1", "kind")]
    [InlineData("kind=Rollback,Rebalance", "kind")]
    [InlineData("kind=Pause&kind=Deploy", "kind")]
    [InlineData("state=1", "state")]
    [InlineData("page=abc", "page")]
    [InlineData("page=1.5", "page")]
    [InlineData("page=0", "page")]
    [InlineData("page=99999999999", "page")]
    [InlineData("environment=staging&environment=production", "environment")]
    public async Task A_jobs_filter_takes_only_defined_names_and_whole_pages_naming_the_parameter(string query, string parameter)
    {
        var response = await _jobs.Http.GetAsync($"/api/jobs?{query}");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(JsonDocument.Parse(text).RootElement.GetProperty("errors").TryGetProperty(parameter, out _), text);
    }

    [Theory]
    [InlineData("kind=42")]
    [InlineData("kind=Rollback,Rebalance")]
    [InlineData("pageNumber=abc")]
    public async Task The_jobs_page_refuses_the_same_filters_with_a_400(string query)
    {
        var response = await _jobs.Http.GetAsync($"/jobs?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("data-testid=\"filter-errors\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_filter_names_kinds_and_environments_in_any_letter_case()
    {
        var response = await _jobs.Http.GetAsync("/api/jobs?kind=pause&environment=STAGING&page=1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_415_problem_and_an_empty_deploy_a_field_error()
    {
        var before = await _jobs.JobCountAsync();
        var text = await _jobs.Http.PostAsync("/api/environments/staging/pause", new StringContent("""{"region":"us-east-1"}""", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
        Assert.Equal("application/problem+json", text.Content.Headers.ContentType?.MediaType);

        var empty = await _jobs.Http.PostAsync("/api/environments/staging/deployments", null);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("A JSON body is required here.", await empty.Content.ReadAsStringAsync());
        Assert.Equal(before, await _jobs.JobCountAsync());
    }
}
