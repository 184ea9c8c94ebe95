using System.Net;

namespace Portal.Tests.Hosting;

public class HostingTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    [Fact]
    public async Task Healthz_answers_healthy_without_calling_aws()
    {
        var response = await app.CreateClient().GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Chart_js_restored_from_libman_json_is_served()
    {
        var response = await app.CreateClient().GetAsync("/lib/chart.js/dist/chart.umd.js");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var script = await response.Content.ReadAsStringAsync();
        Assert.Contains("Chart.js v4.6.1", script);
    }

    [Fact]
    public async Task The_stylesheet_is_served_locally()
    {
        var response = await app.CreateClient().GetAsync("/css/site.css");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
