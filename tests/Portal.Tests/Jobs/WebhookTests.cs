using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.Tests.Jobs;

/// <summary>A Slack-compatible webhook hears about every finished job; a webhook that fails never fails the job.</summary>
public sealed class WebhookTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<JsonElement> _received = new();
    private WebApplication _receiver = null!;
    private string _url = "";

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _receiver = builder.Build();
        _receiver.MapPost("/hooks/portal", async (HttpRequest request) =>
        {
            _received.Enqueue((await JsonDocument.ParseAsync(request.Body)).RootElement.Clone());
            return Results.Ok();
        });
        await _receiver.StartAsync();
        _url = _receiver.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hooks/portal";
    }

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task Success_and_failure_are_posted_as_slack_text_with_a_link_to_the_job()
    {
        await using var app = new PortalApplication()
            .With("Portal:Notifications:WebhookUrl", _url)
            .With("Portal:Notifications:PortalUrl", "https://portal.example.com/");
        var jobs = new JobsClient(app);

        var ok = await jobs.AcceptedAsync("/api/environments/staging/weights",
            new { weights = new Dictionary<string, int> { ["us-east-1"] = 200, ["us-east-2"] = 55 } });
        await jobs.FinishedAsync(ok);
        var bad = await jobs.AcceptedAsync("/api/environments/staging/deployments", new { imageTag = "v3-broken" });
        await jobs.FinishedAsync(bad);

        Assert.True(await Eventually.Async(() => Task.FromResult(_received.Count >= 2)), $"{_received.Count} notifications");
        var texts = _received.Select(m => m.GetProperty("text").GetString()!).ToList();
        Assert.Contains(texts, t => t.StartsWith(":white_check_mark: Succeeded: set staging weights to us-east-1 200, us-east-2 55", StringComparison.Ordinal)
            && t.Contains($"<https://portal.example.com/jobs/{ok}|{ok}>", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.StartsWith(":x: Failed: deploy v3-broken to staging", StringComparison.Ordinal)
            && t.Contains("rolled back to v1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unreachable_webhook_does_not_fail_the_job()
    {
        await using var app = new PortalApplication().With("Portal:Notifications:WebhookUrl", "http://127.0.0.1:9/unreachable");
        var jobs = new JobsClient(app);
        var job = await jobs.FinishedAsync(await jobs.AcceptedAsync("/api/environments/staging/pause", new { region = "us-east-2" }));
        Assert.Equal("Succeeded", job.GetProperty("state").GetString());
    }
}
