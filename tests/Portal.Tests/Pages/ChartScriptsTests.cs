namespace Portal.Tests.Pages;

/// <summary>Chart.js (about 200 KB) reaches only the pages that draw charts, through their Scripts section.</summary>
public class ChartScriptsTests
{
    private const string ChartJs = "/lib/chart.js/dist/chart.umd.js";

    [Fact]
    public async Task The_dashboard_loads_Chart_js_once_before_the_chart_script()
    {
        await using var app = new PortalApplication();
        var client = app.CreateClient();
        var html = "";
        // The charts appear with the first status read; before it the dashboard has nothing to chart.
        var shown = await Eventually.Async(async () => (html = await client.GetStringAsync("/")).Contains("data-portal-charts"));
        Assert.True(shown, "the dashboard never showed charts");

        var chartJs = html.IndexOf(ChartJs, StringComparison.Ordinal);
        Assert.True(chartJs >= 0, "the dashboard does not load Chart.js");
        Assert.Equal(chartJs, html.LastIndexOf(ChartJs, StringComparison.Ordinal));
        Assert.True(html.IndexOf("/js/charts.js", StringComparison.Ordinal) > chartJs, "charts.js must come after Chart.js");
    }

    [Theory]
    [InlineData("/jobs")]
    [InlineData("/audit")]
    [InlineData("/drills")]
    public async Task Pages_without_charts_skip_Chart_js(string path)
    {
        await using var app = new PortalApplication();
        var html = await app.CreateClient().GetStringAsync(path);

        Assert.Contains("/js/confirm.js", html);
        Assert.DoesNotContain(ChartJs, html);
        Assert.DoesNotContain("/js/charts.js", html);
    }
}
