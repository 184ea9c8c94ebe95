using System.Net;
using System.Text.Json;
using Portal.LocalCloud.World;

namespace Portal.Tests.Pages;

/// <summary>The fleet page and GET /api/fleet on a local fleet of six environments in three regions, one region paused.</summary>
public class FleetPageTests
{
    private static readonly string[] WorstFirst = ["down", "stale", "unknown", "degraded", "paused", "healthy"];

    private static PortalApplication Fleet() => new PortalApplication()
        .With("Portal:Local:Environments", "6")
        .With("Portal:Local:Regions", "us-east-1,us-east-2,us-west-2");

    private static void Pause(PortalApplication app, string environment, string region)
    {
        var world = app.LocalCloud.World;
        lock (world.Gate) world.Services.Single(s => s.Environment == environment && s.Region == region).Status = ServiceStatus.Paused;
    }

    private static async Task<JsonElement> FleetWhen(HttpClient client, string query, Func<JsonElement, bool> condition, string what)
    {
        var (json, done) = await Eventually.ValueAsync(
            async () => JsonDocument.Parse(await client.GetStringAsync("/api/fleet" + query)).RootElement, condition);
        Assert.True(done, $"/api/fleet{query} never showed {what}:\n{json}");
        return json;
    }

    private static IEnumerable<string> Environments(JsonElement fleet) => fleet.GetProperty("rows").EnumerateArray()
        .Select(r => r.GetProperty("environment").GetString()!);

    [Fact]
    public async Task The_api_lists_every_environment_worst_first_with_a_cell_per_region_that_links_to_its_region_view()
    {
        await using var app = Fleet();
        var client = app.CreateClient();
        _ = app.Services;
        Pause(app, "checkout-production", "us-west-2");

        var fleet = await FleetWhen(client, "", f => f.GetProperty("rows").GetArrayLength() == 6 && Environments(f).First() == "checkout-production"
            && f.GetProperty("rows")[0].GetProperty("worst").GetString() == "paused"
            && f.GetProperty("rows").EnumerateArray().Skip(1).All(r => r.GetProperty("worst").GetString() == "healthy"),
                "the paused region first and the rest healthy");

        var rows = fleet.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(["checkout-production", "catalog-production", "payments-production", "production", "search-production", "staging"], Environments(fleet));
        Assert.Equal("paused", rows[0].GetProperty("worst").GetString());
        Assert.Equal("checkout", rows[0].GetProperty("application").GetString());
        Assert.True(rows[0].GetProperty("protected").GetBoolean());
        var cells = rows[0].GetProperty("cells").EnumerateArray().ToList();
        Assert.Equal(["us-east-1", "us-east-2", "us-west-2"], cells.Select(c => c.GetProperty("region").GetString()));
        Assert.Equal(["healthy", "healthy", "paused"], cells.Select(c => c.GetProperty("verdict").GetString()));
        Assert.Equal("/environments/checkout-production/regions/us-west-2", cells[2].GetProperty("url").GetString());
        Assert.Contains("paused", cells[2].GetProperty("reason").GetString());
        Assert.Equal(1, fleet.GetProperty("regions").GetProperty("paused").GetInt32());
        Assert.Equal(17, fleet.GetProperty("regions").GetProperty("healthy").GetInt32());

        // The region view the cell opens is today's page for that environment's region.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(cells[2].GetProperty("url").GetString())).StatusCode);
    }

    [Fact]
    public async Task Filters_by_application_and_verdict_in_the_api_and_on_the_page_through_the_query_string()
    {
        await using var app = Fleet();
        var client = app.CreateClient();
        _ = app.Services;
        Pause(app, "search-production", "us-east-2");

        var paused = await FleetWhen(client, "?verdict=paused", f => f.GetProperty("rows").GetArrayLength() == 1, "one paused environment");
        Assert.Equal(["search-production"], Environments(paused));
        Assert.Equal("paused", paused.GetProperty("verdict").GetString());

        var checkout = await FleetWhen(client, "?application=Checkout", f => f.GetProperty("rows").GetArrayLength() == 1, "checkout's environment");
        Assert.Equal(["checkout-production"], Environments(checkout));
        Assert.Equal("checkout", checkout.GetProperty("application").GetString());
        var none = JsonDocument.Parse(await client.GetStringAsync("/api/fleet?application=checkout&verdict=paused")).RootElement;
        Assert.Empty(none.GetProperty("rows").EnumerateArray());

        var page = PageClient.Operator(app);
        var html = WebUtility.HtmlDecode((await page.GetAsync("/fleet?application=search&verdict=paused")).Html);
        Assert.Contains("data-environment=\"search-production\"", html);
        Assert.DoesNotContain("data-environment=\"checkout-production\"", html);
        Assert.Contains("<option value=\"search\" selected=\"selected\">search</option>", html);
        Assert.Contains("href=\"/environments/search-production/regions/us-east-2\"", html);
    }

    [Fact]
    public async Task The_page_shows_rows_worst_first_one_cell_per_region_and_fleet_is_in_the_nav()
    {
        await using var app = Fleet();
        _ = app.Services;
        Pause(app, "staging", "us-east-1");
        var page = PageClient.Operator(app);

        var html = WebUtility.HtmlDecode(await page.WhenAsync("/fleet", h => h.Contains("data-verdict=\"paused\" href")
            && CountOf(h, "data-worst=\"healthy\"") == 5, "the paused staging region"));

        var worst = System.Text.RegularExpressions.Regex.Matches(html, "data-worst=\"([a-z]+)\"").Select(m => Array.IndexOf(WorstFirst, m.Groups[1].Value))
            .ToList();
        Assert.Equal(6, worst.Count);
        Assert.Equal(worst.Order(), worst);
        Assert.True(html.IndexOf("data-environment=\"staging\"", StringComparison.Ordinal) < html.IndexOf("data-environment=\"production\"",
            StringComparison.Ordinal));
        Assert.Equal(18, CountOf(html, "class=\"fleet-cell "));
        Assert.Contains("<a href=\"/fleet\" aria-current=\"page\">Fleet</a>", html);
        Assert.Contains("6 of 6 environments", html);
    }

    [Fact]
    public async Task An_unknown_filter_value_is_refused_with_400_naming_the_filter_and_the_allowed_values()
    {
        await using var app = Fleet();
        var client = app.CreateClient();

        var application = await client.GetAsync("/api/fleet?application=billing");
        var verdict = await client.GetAsync("/api/fleet?verdict=green");
        var twice = await client.GetAsync("/api/fleet?verdict=down&verdict=paused");
        var (pageStatus, pageHtml) = await PageClient.Operator(app).GetAsync("/fleet?verdict=green");

        Assert.Equal(HttpStatusCode.BadRequest, application.StatusCode);
        var applicationErrors = JsonDocument.Parse(await application.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.Equal("Unknown application 'billing'. Use one of catalog, checkout, payments, search, webapp.",
            applicationErrors.GetProperty("application")[0].GetString());
        Assert.Equal(HttpStatusCode.BadRequest, verdict.StatusCode);
        var verdictErrors = JsonDocument.Parse(await verdict.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.Equal("Unknown verdict 'green'. Use one of down, stale, unknown, degraded, paused, healthy.",
            verdictErrors.GetProperty("verdict")[0].GetString());
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
        Assert.Contains("give 'verdict' once", await twice.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, pageStatus);
        Assert.Contains("Unknown verdict 'green'. Use one of down, stale, unknown, degraded, paused, healthy.", WebUtility.HtmlDecode(pageHtml));
    }

    [Fact]
    public async Task Without_signing_in_neither_the_page_nor_the_api_answers()
    {
        await using var app = Fleet();
        var anonymous = app.CreateAnonymousClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/fleet")).StatusCode);
        var page = await anonymous.GetAsync("/fleet");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/signin", page.Headers.Location!.OriginalString.Replace("http://localhost", "", StringComparison.Ordinal));
    }

    private static int CountOf(string html, string what) => (html.Length - html.Replace(what, "", StringComparison.Ordinal).Length) / what.Length;
}
