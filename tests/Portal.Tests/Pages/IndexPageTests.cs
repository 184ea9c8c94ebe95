using Portal.Aws.AppRunner;
using Microsoft.Extensions.DependencyInjection;
using Portal.LocalCloud.World;

namespace Portal.Tests.Pages;

public class IndexPageTests
{
    [Fact]
    public async Task Shows_both_environments_with_both_regions_in_rollout_order_and_what_LocalCloud_holds()
    {
        await using var app = new PortalApplication();
        var html = System.Net.WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync("/"));

        Assert.Contains("Local mode — LocalCloud at " + app.LocalCloud.Endpoint.ToString().TrimEnd('/'), html);
        foreach (var env in new[] { "production", "staging" })
        {
            var section = Page.Section(html, env);
            var east1 = Page.Region(section, "us-east-1");
            var east2 = Page.Region(section, "us-east-2");
            Assert.True(section.IndexOf("data-region=\"us-east-1\"", StringComparison.Ordinal) < section.IndexOf("data-region=\"us-east-2\"", StringComparison.Ordinal));
            foreach (var region in new[] { east1, east2 })
            {
                Assert.Contains(">RUNNING<", region);
                Assert.Contains(">v1<", region);
                Assert.Contains("UPDATE_SERVICE", region);
                Assert.Contains("SUCCEEDED", region);
                Assert.DoesNotContain("Could not read", region);
            }
            AppRunnerService service;
            lock (app.LocalCloud.World.Gate) service = app.LocalCloud.World.Services.Single(s => s.Environment == env && s.Region == "us-east-2");
            Assert.Contains(service.ServiceUrl, east2);
        }
        Assert.Contains("protected", Page.Section(html, "production"));
        Assert.DoesNotContain("protected", Page.Section(html, "staging"));
    }

    [Fact]
    public async Task A_service_paused_through_LocalCloud_shows_paused_after_a_reload()
    {
        await using var app = new PortalApplication();
        var client = app.CreateClient();
        Assert.Contains(">RUNNING<", Page.Region(Page.Section(await client.GetStringAsync("/"), "staging"), "us-east-2"));
        var arn = app.LocalCloud.World.Environments.Single(e => e.Name == "staging").Regions.Single(r => r.Region == "us-east-2").ServiceArn;

        await app.Services.GetRequiredService<AppRunnerClient>().PauseServiceAsync("us-east-2", arn);
        var paused = await Eventually.Async(async () =>
            Page.Region(Page.Section(await client.GetStringAsync("/"), "staging"), "us-east-2").Contains(">PAUSED<"));

        Assert.True(paused, "staging us-east-2 never showed PAUSED");
        var html = await client.GetStringAsync("/");
        Assert.Contains("PAUSE_SERVICE", Page.Region(Page.Section(html, "staging"), "us-east-2"));
        Assert.Contains(">RUNNING<", Page.Region(Page.Section(html, "staging"), "us-east-1"));
    }

    [Fact]
    public async Task A_region_whose_api_fails_shows_its_error_while_the_other_region_still_shows()
    {
        await using var app = new PortalApplication();
        var client = app.CreateClient();
        await client.GetStringAsync("/");
        app.LocalCloud.Faults.SetRegionDown("us-east-2", true);

        var html = await client.GetStringAsync("/");

        var east2 = Page.Region(Page.Section(html, "production"), "us-east-2");
        Assert.Contains("Could not read this region.", east2);
        Assert.Contains("ServiceUnavailableException", east2);
        Assert.Contains(">RUNNING<", Page.Region(Page.Section(html, "production"), "us-east-1"));
    }
}

/// <summary>Cuts the first page into its environment sections and region cards.</summary>
internal static class Page
{
    public static string Section(string html, string environment) => Between(html, $"data-environment=\"{environment}\"", "</section>");

    public static string Region(string section, string region) => Between(section, $"data-region=\"{region}\"", "</article>");

    private static string Between(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal);
        Assert.True(from >= 0, $"'{start}' not found in the page");
        var to = text.IndexOf(end, from, StringComparison.Ordinal);
        return text[from..(to < 0 ? text.Length : to)];
    }
}

internal static class Eventually
{
    /// <summary>Polls until <paramref name="condition"/> holds or 10 s pass (a bound, not a measured time).</summary>
    public static async Task<bool> Async(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!timeout.IsCancellationRequested)
        {
            if (await condition()) return true;
            await Task.Delay(50);
        }
        return await condition();
    }
}
