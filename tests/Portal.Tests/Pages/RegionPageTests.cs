using System.Net;
using System.Text.RegularExpressions;
using Portal.Core.Status;

namespace Portal.Tests.Pages;

public class RegionPageTests
{
    private static async Task<(HttpStatusCode Status, string Html)> GetAsync(string url, StatusBoard board)
    {
        await using var app = new PortalApplication();
        using var host = BoardHost.Create(app, board);
        var response = await host.CreateClient().GetAsync(url);
        return (response.StatusCode, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    private static StatusBoard BoardWithThreeSamples()
    {
        var board = new StatusBoard();
        board.Publish([BoardHost.Snapshot()]);
        var times = new[] { BoardHost.Now.AddSeconds(-20), BoardHost.Now.AddSeconds(-10), BoardHost.Now };
        board.Health.Add("production", "us-east-1", new HealthSample(times[0],
            [BoardHost.Checker("eu-west-1", "15.177.10.1", true, times[0]), BoardHost.Checker("us-west-2", "15.177.62.2", true, times[0])]));
        // A checker that did not report in one refresh leaves a gap in its row rather than shifting it.
        board.Health.Add("production", "us-east-1", new HealthSample(times[1],
            [BoardHost.Checker("eu-west-1", "15.177.10.1", true, times[1])]));
        board.Health.Add("production", "us-east-1", new HealthSample(times[2],
            [BoardHost.Checker("eu-west-1", "15.177.10.1", true, times[2]), BoardHost.Checker("us-west-2", "15.177.62.2", false, times[2])]));
        return board;
    }

    private static string Between(string html, string start, string end)
    {
        var from = html.IndexOf(start, StringComparison.Ordinal);
        Assert.True(from >= 0, $"'{start}' not found in the page");
        var to = html.IndexOf(end, from, StringComparison.Ordinal);
        return html[from..(to < 0 ? html.Length : to)];
    }

    [Fact]
    public async Task Shows_the_verdict_level_and_reason_service_image_weight_and_traffic_share()
    {
        var (status, html) = await GetAsync("/environments/production/regions/us-east-1", BoardWithThreeSamples());

        Assert.Equal(HttpStatusCode.OK, status);
        var verdict = Between(html, "data-testid=\"verdict\"", "</section>");
        Assert.Contains("status-busy\">DEGRADED<", verdict);
        Assert.Contains("1 of 2 Route 53 checkers failing.", verdict);
        Assert.Contains(">RUNNING<", html);
        Assert.Contains(">v7<", html);
        Assert.Contains("128 of 255", html);
        Assert.Contains("50%", html);
        Assert.Contains("us-east-1 → us-east-2", html);
        Assert.Contains("812 ms", html);
        Assert.Contains("us-east-2 → us-east-1", html);
        Assert.Contains("934 ms", html);
    }

    [Fact]
    public async Task Lists_operations_newest_first_with_their_status_coloured_and_spelled_out()
    {
        var (_, html) = await GetAsync("/environments/production/regions/us-east-1", BoardWithThreeSamples());

        var table = Between(html, "data-testid=\"operations\"", "</table>");
        var order = Regex.Matches(table, "data-operation=\"([^\"]+)\"").Select(m => m.Groups[1].Value);
        Assert.Equal(new[] { "op-newest", "op-failed", "op-oldest" }, order);
        Assert.Contains("status-info\">IN_PROGRESS<", table);
        Assert.Contains("status-busy\">ROLLBACK_SUCCEEDED<", table);
        Assert.Contains("status-ok\">SUCCEEDED<", table);
        Assert.Contains("UPDATE_SERVICE", table);
        Assert.Contains("CREATE_SERVICE", table);
        Assert.Contains("6 min 0 s", table);
    }

    [Fact]
    public async Task Checker_grid_has_one_cell_per_sample_for_every_checker_oldest_first()
    {
        var (_, html) = await GetAsync("/environments/production/regions/us-east-1", BoardWithThreeSamples());

        var grid = Between(html, "data-testid=\"checker-grid\"", "</table>");
        var healthy = Regex.Matches(Between(grid, "data-checker=\"eu-west-1 15.177.10.1\"", "</tr>"), "class=\"cell ([a-z-]+)\"")
            .Select(m => m.Groups[1].Value);
        var flaky = Regex.Matches(Between(grid, "data-checker=\"us-west-2 15.177.62.2\"", "</tr>"), "class=\"cell ([a-z-]+)\"").Select(m => m.Groups[1].Value);
        Assert.Equal(new[] { "cell-ok", "cell-ok", "cell-ok" }, healthy);
        Assert.Equal(new[] { "cell-ok", "cell-none", "cell-bad" }, flaky);
        Assert.Contains("title=\"10:30:00 UTC · Failure: Connection timed out.\"", grid);
        Assert.Equal(3, Regex.Matches(Between(grid, "class=\"healthy-row\"", "</tr>"), "<td ").Count);
        Assert.Contains("1 of 2 healthy", grid);
    }

    [Fact]
    public async Task Shows_the_current_checkers_with_address_and_status_text()
    {
        var (_, html) = await GetAsync("/environments/production/regions/us-east-1", BoardWithThreeSamples());

        var table = Between(html, "data-testid=\"checkers\"", "</table>");
        Assert.Contains("15.177.62.2", table);
        Assert.Contains(">FAIL<", table);
        Assert.Contains("Failure: Connection timed out.", table);
        Assert.Contains("1 of 2", html);
    }

    [Fact]
    public async Task Carries_the_charts_filtered_to_the_region_with_their_scripts()
    {
        var (_, html) = await GetAsync("/environments/production/regions/us-east-2", BoardWithThreeSamples());

        Assert.Contains("data-src=\"/api/environments/production/metrics\"", html);
        Assert.Contains("data-region=\"us-east-2\"", html);
        Assert.Contains("/lib/chart.js/dist/chart.umd.js", html);
        Assert.Contains("/js/charts.js", html);
        Assert.DoesNotContain("<script>", html);
    }

    [Theory]
    [InlineData("/environments/production/regions/eu-west-1")]
    [InlineData("/environments/nowhere/regions/us-east-1")]
    public async Task An_unknown_environment_or_region_is_a_404_page(string url)
    {
        var (status, html) = await GetAsync(url, BoardWithThreeSamples());

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("Region not found", html);
    }
}
